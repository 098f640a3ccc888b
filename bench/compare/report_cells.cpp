#include "compare/report_cells.hpp"

#include <cmath>
#include <cstdio>

#include "compare/text_table.hpp"

namespace cnnkit::bench {

std::string format_ratio(double ratio) {
  if (!std::isfinite(ratio)) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, ratio >= 1000 ? "%.0fx" : "%.3gx", ratio);
  return buf;
}

std::string rate_cell(double rate) { return format_fixed(rate, rate < 10 ? 2 : 1); }

std::string status_word(const std::string& note) { return note.substr(0, note.find(':')); }

std::string regret_text(const RegretSummary& s) {
  if (s.regrets == 0) return "n/a (no forced row counted)";
  char threshold[16];
  std::snprintf(threshold, sizeof threshold, "%.2f", kRegretThreshold);
  std::string text = "geomean " + format_ratio(s.geomean) + ", worst " + format_ratio(s.worst) + " (" + s.worst_shape +
                     "), " + std::to_string(s.above) + " of " + std::to_string(s.regrets) + " shape" +
                     (s.regrets == 1 ? "" : "s") + " above " + threshold;
  if (s.regrets < s.shapes) text += "; n/a on " + std::to_string(s.shapes - s.regrets);
  return text;
}

}  // namespace cnnkit::bench

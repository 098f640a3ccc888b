// The scoreboard at the end of cnnkit-bench's report (declared in compare/table_report.hpp):
// per (op, thread count, plain call) a table of shapes, then one summary table of the regrets
// and the ratios' geometric means per op and thread count, the numbers a closing note quotes.
#include <algorithm>
#include <cmath>
#include <sstream>
#include <utility>

#include "common/list_parsing.hpp"
#include "compare/report_cells.hpp"
#include "compare/scoreboard.hpp"
#include "compare/table_report.hpp"
#include "compare/text_table.hpp"

namespace cnnkit::bench {
namespace {

template <class T>
std::size_t index_of(const std::vector<T>& items, const T& v) {
  return static_cast<std::size_t>(std::find(items.begin(), items.end(), v) - items.begin());
}

template <class T>
void add_once(std::vector<T>& items, const T& v) {
  if (std::find(items.begin(), items.end(), v) == items.end()) items.push_back(v);
}

// The table of one (op, thread count, plain call): a row per shape, then the geomeans, the
// worst regret and the shapes on which the plain call ran the reference.
std::string shape_table(const std::vector<PlainLine>& plain, const std::vector<ScoreLine>& lines,
                        const std::vector<Geomean>& means, const RegretSummary& s) {
  std::vector<std::string> engines;
  for (const ScoreLine& l : lines)
    if (l.plain.op == s.op && l.plain.threads == s.threads && l.plain.plain == s.plain) add_once(engines, l.engine);
  Metric metric = Metric::bytes;
  bool prepacked = false;
  for (const PlainLine& p : plain)
    if (p.op == s.op && p.threads == s.threads && p.plain == s.plain) {
      metric = p.metric;
      prepacked = p.prepacked;
    }
  std::ostringstream o;
  o << "\n"
    << to_string(s.op) << ", " << s.threads << (s.threads == 1 ? " thread, " : " threads, ") << s.plain << " ("
    << (metric == Metric::flops ? "GFLOP/s" : "GB/s")
    << (prepacked ? "; weights packed before timing, as the engines': the like-for-like comparison" : "") << ")\n";
  std::vector<TextTable::Column> columns = {{"shape", false}, {"plain call ran", false},
                                            {"plain", true},  {"best forced", false},
                                            {"best", true},   {"regret", true}};
  for (const std::string& e : engines) {
    columns.push_back({e, true});
    columns.push_back({"ratio", true});
  }
  TextTable t(std::move(columns));
  const std::size_t width = 6 + 2 * engines.size();
  for (const PlainLine& p : plain) {
    if (p.op != s.op || p.threads != s.threads || p.plain != s.plain) continue;
    std::vector<std::string> cells(width, "-");
    cells[0] = p.shape;
    if (std::isnan(p.rate)) {
      cells[1] = status_word(p.note);
    } else {
      cells[1] = p.variant + (p.runs_reference ? " (ref)" : "");
      cells[2] = rate_cell(p.rate);
    }
    if (!p.best.row.empty()) {
      cells[3] = p.best.row;
      cells[4] = rate_cell(p.best.rate);
    }
    cells[5] = std::isnan(p.regret) ? "n/a" : format_ratio(p.regret);
    for (const ScoreLine& l : lines) {
      if (l.plain.op != s.op || l.plain.threads != s.threads || l.plain.plain != s.plain || l.plain.shape != p.shape)
        continue;
      const std::size_t e = index_of(engines, l.engine);
      cells[6 + 2 * e] = std::isnan(l.engine_rate) ? status_word(l.engine_note) : rate_cell(l.engine_rate);
      cells[7 + 2 * e] = format_ratio(l.ratio);
    }
    t.add_row(std::move(cells));
  }
  std::vector<std::string> geomean_row(width, "");
  geomean_row[0] = "geomean";
  geomean_row[5] = format_ratio(s.geomean);
  for (const Geomean& g : means)
    if (g.op == s.op && g.threads == s.threads && g.plain == s.plain)
      geomean_row[7 + 2 * index_of(engines, g.engine)] = format_ratio(g.geomean);
  t.add_row(std::move(geomean_row));
  o << t.render() << "regret: " << regret_text(s) << "\n";
  const std::vector<std::string> fallbacks = reference_fallbacks(plain, s.op, s.threads, s.plain);
  o << "the plain call runs the reference on: "
    << (fallbacks.empty() ? std::string("none")
                          : join(fallbacks, ", ") + " (" + std::to_string(fallbacks.size()) + " of " +
                                std::to_string(s.shapes) + " shapes)")
    << "\n";
  return o.str();
}

// A row per (op, thread count, plain call): the regret summary and each engine's geomean ratio.
std::string summary_table(const std::vector<RegretSummary>& regrets, const std::vector<Geomean>& means) {
  std::vector<std::string> engines;
  for (const Geomean& g : means) add_once(engines, g.engine);
  char above[32];
  std::snprintf(above, sizeof above, "> %.2f", kRegretThreshold);
  std::vector<TextTable::Column> columns = {{"op", false},    {"thr", true},   {"call", false},     {"shapes", true},
                                            {"regret", true}, {"worst", true}, {"on shape", false}, {above, true}};
  for (const std::string& e : engines) columns.push_back({"/" + e, true});
  TextTable t(std::move(columns));
  for (const RegretSummary& s : regrets) {
    std::vector<std::string> cells = {to_string(s.op),
                                      std::to_string(s.threads),
                                      s.plain,
                                      std::to_string(s.shapes),
                                      format_ratio(s.geomean),
                                      format_ratio(s.worst),
                                      s.worst_shape.empty() ? "-" : s.worst_shape,
                                      s.regrets ? std::to_string(s.above) : "-"};
    for (const std::string& e : engines) {
      std::string cell = "";
      for (const Geomean& g : means)
        if (g.op == s.op && g.threads == s.threads && g.plain == s.plain && g.engine == e)
          cell = format_ratio(g.geomean);
      cells.push_back(cell);
    }
    t.add_row(std::move(cells));
  }
  return t.render();
}

}  // namespace

std::string scoreboard_report(const SuiteResult& result) {
  const std::vector<PlainLine> plain = plain_lines(result.records);
  if (plain.empty()) return {};
  const std::vector<ScoreLine> lines = scoreboard(result.records);
  const std::vector<Geomean> means = geomeans(lines);
  const std::vector<RegretSummary> regrets = regret_summaries(plain);
  std::ostringstream o;
  o << "\nScoreboard: cnnkit's plain call (the public call, nothing forced, dispatch choosing) on each shape, "
       "against\n"
       "  - the best forced variant at the same thread count: regret = plain-call time / best forced time "
       "(1.00x: dispatch picked the fastest variant that ran; above "
    << format_fixed(kRegretThreshold, 2)
    << ": a miss)\n"
       "  - each engine, same run, same thread count: ratio = plain-call rate / engine rate (> 1: cnnkit "
       "faster).\n"
       "The plain call's time includes everything it does, weight packing too; the engines' weights were "
       "reordered or packed before timing\n"
       "(for conv2d_fwd and conv2d_bwd_data the \"plain, prepacked\" tables, weights packed before timing, compare "
       "like with like). (ref) = the plain call ran the reference loop nest.\n";
  for (const RegretSummary& s : regrets) o << shape_table(plain, lines, means, s);
  o << "\nSummary per op and thread count: dispatch regret (geomean, worst, shapes above "
    << format_fixed(kRegretThreshold, 2) << ")"
    << (means.empty() ? "" : " and the plain call's geomean ratio to each engine (/engine)") << "\n"
    << summary_table(regrets, means);
  return o.str();
}

}  // namespace cnnkit::bench

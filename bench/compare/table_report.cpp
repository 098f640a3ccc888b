#include "compare/table_report.hpp"

#include <cmath>
#include <cstdio>
#include <sstream>
#include <thread>

#include "common/list_parsing.hpp"
#include "compare/scoreboard.hpp"
#include "compare/text_table.hpp"

namespace cnnkit::bench {
namespace {

std::string per_thread(const std::vector<std::pair<int, double>>& values, int decimals) {
  std::vector<std::string> items;
  for (const auto& [t, v] : values) items.push_back(std::to_string(t) + "T " + format_fixed(v, decimals));
  return join(items, ", ");
}

std::string reps_cell(const Timing& t) {
  if (t.warmup_only) return "1*";
  return std::to_string(t.reps) + "x" + std::to_string(t.calls_per_rep);
}

std::string check_cell(const Record& r) {
  if (r.check != Check::mismatch) return to_string(r.check);
  char err[32];
  std::snprintf(err, sizeof err, "%.3g", r.check_result.max_abs_error);
  return std::string("MISMATCH (") + r.check_result.detail + "; max |err| " + err + ")";
}

std::string rate_cell(double rate) { return format_fixed(rate, rate < 10 ? 2 : 1); }

// "1T: best cnnkit 0.52 (conv2d_fwd.ref) vs best engine 217.0 (onednn): 0.0024x"
std::string score_text(const ScoreLine& l) {
  std::string s = "  " + l.shape + " " + std::to_string(l.threads) + "T: best cnnkit ";
  s += std::isnan(l.cnnkit_rate) ? "-" : rate_cell(l.cnnkit_rate) + " (" + l.cnnkit_row + ")";
  s += " vs best engine ";
  s += std::isnan(l.engine_rate) ? "-" : rate_cell(l.engine_rate) + " (" + l.engine + ")";
  return s + ": cnnkit/engine " + format_ratio(l.ratio);
}

void add_score_rows(TextTable& t, const std::vector<ScoreLine>& lines, OpId op, const std::string& shape) {
  for (const ScoreLine& l : lines)
    if (l.op == op && l.shape == shape) t.add_row({score_text(l)});
}

}  // namespace

std::string format_ratio(double ratio) {
  if (!std::isfinite(ratio)) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, ratio >= 1000 ? "%.0fx" : "%.3gx", ratio);
  return buf;
}

std::string probe_report(const MachineProbe& p) {
  std::ostringstream o;
  o << "Machine: CPU tier " << to_string(detected_isa()) << "; probes took " << format_fixed(p.seconds, 2) << " s\n"
    << "  " << to_string(p.dtype) << " FMA peak (" << p.fma_tier << "), GFLOP/s: " << per_thread(p.fma_gflops, 1)
    << "\n"
    << "  STREAM copy (2 x " << p.copy_array_bytes / (1 << 20) << " MiB), GB/s: " << per_thread(p.copy_gbs, 1) << "\n";
  if (p.load_average >= 0)
    o << "  load average " << format_fixed(p.load_average, 2) << " on " << std::thread::hardware_concurrency()
      << " CPUs" << (p.load_average > 0.5 ? " (other processes are running: expect noisy figures)" : "") << "\n";
#ifndef NDEBUG
  o << "  (a build without NDEBUG, probably unoptimised: the probes and timings mean little)\n";
#endif
  return o.str();
}

std::string engines_report(const std::vector<EngineInfo>& engines) {
  std::ostringstream o;
  o << "Engines (rows in every table; ratio = cnnkit / engine, > 1: cnnkit faster):\n"
    << "  cnnkit: the registry's variants through the public API; weight packing (when a variant packs) is inside "
       "the timed call (\"packing in call\")\n";
  for (const auto& e : engines)
    o << "  " << e.name << ": " << (e.available ? "" : "unavailable, ") << e.description
      << (e.available && !e.selected ? " (not selected)" : "") << "\n";
  return o.str();
}

std::string op_tables(const SuiteResult& result, const MachineProbe& probe, DType dtype) {
  const std::vector<ScoreLine> lines = scoreboard(result.records);
  const std::vector<OpGeomean> geomeans = op_geomeans(lines);
  std::ostringstream o;
  for (OpId op : result.ops) {
    bool flops = false;
    for (const auto& r : result.records)
      if (r.op == op && r.work.amount > 0) flops = r.work.metric == Metric::flops;
    o << "\n"
      << to_string(op) << " (" << to_string(dtype) << "): "
      << (flops ? "GFLOP/s; %peak = of the " + probe.fma_tier + " FMA peak at the same thread count"
                : "GB/s; %peak = of STREAM copy at the same thread count")
      << "\n";
    TextTable t({{"shape", false},
                 {"variant", false},
                 {"thr", true},
                 {"median", true},
                 {flops ? "GFLOP/s" : "GB/s", true},
                 {"%peak", true},
                 {"vs ref", true},
                 {"reps", true},
                 {"check", false},
                 {"impl", false}});
    std::string shape;
    for (const auto& r : result.records) {
      if (r.op != op) continue;
      if (r.shape != shape && !shape.empty()) add_score_rows(t, lines, op, shape);
      shape = r.shape;
      const std::string thr = r.threads > 0 ? std::to_string(r.threads) : "-";
      if (r.status != RunStatus::measured) {
        t.add_row({r.shape, r.variant, thr, std::string(to_string(r.status)) + ": " + r.note});
        continue;
      }
      t.add_row({r.shape, r.variant, thr, format_seconds(r.timing.median_s), rate_cell(r.rate),
                 format_fixed(r.pct_peak, 1) + (std::isnan(r.pct_peak) ? "" : "%"),
                 format_fixed(r.speedup, 2) + (std::isnan(r.speedup) ? "" : "x"), reps_cell(r.timing), check_cell(r),
                 r.impl});
    }
    if (!shape.empty()) add_score_rows(t, lines, op, shape);
    o << t.render();
    for (const OpGeomean& g : geomeans)
      if (g.op == op)
        o << "geomean cnnkit/engine over " << g.ratios << " shape x thread ratio" << (g.ratios == 1 ? "" : "s")
          << ": " << format_ratio(g.geomean) << "\n";
    for (const EngineGap& gap : result.gaps)
      if (gap.op == op) o << "not compared: " << gap.engine << " (" << gap.reason << ")\n";
  }
  return o.str();
}

std::string scoreboard_report(const SuiteResult& result) {
  const std::vector<ScoreLine> lines = scoreboard(result.records);
  if (lines.empty()) return {};
  std::ostringstream o;
  o << "\nScoreboard: best cnnkit vs best engine from this run (ratio = cnnkit / engine; > 1: cnnkit faster)\n";
  TextTable t({{"op", false},
               {"shape", false},
               {"thr", true},
               {"unit", false},
               {"cnnkit", true},
               {"cnnkit row", false},
               {"engine", true},
               {"best engine", false},
               {"ratio", true}});
  for (const ScoreLine& l : lines)
    t.add_row({to_string(l.op), l.shape, std::to_string(l.threads), l.metric == Metric::flops ? "GFLOP/s" : "GB/s",
               rate_cell(l.cnnkit_rate), l.cnnkit_row.empty() ? "-" : l.cnnkit_row, rate_cell(l.engine_rate),
               l.engine.empty() ? "-" : l.engine, format_ratio(l.ratio)});
  o << t.render() << "geomean ratio per op:";
  for (const OpGeomean& g : op_geomeans(lines)) o << " " << to_string(g.op) << " " << format_ratio(g.geomean) << ";";
  o << "\n";
  return o.str();
}

int problem_count(const SuiteResult& result) {
  int n = 0;
  for (const auto& r : result.records)
    if (r.status == RunStatus::failed || r.check == Check::mismatch) ++n;
  return n;
}

std::string summary_line(const SuiteResult& result) {
  int measured = 0, skipped = 0, unavailable = 0, failed = 0, mismatched = 0;
  bool warmup_only = false;
  for (const auto& r : result.records) {
    measured += r.status == RunStatus::measured;
    skipped += r.status == RunStatus::skipped;
    unavailable += r.status == RunStatus::unavailable;
    failed += r.status == RunStatus::failed;
    mismatched += r.check == Check::mismatch;
    warmup_only = warmup_only || (r.status == RunStatus::measured && r.timing.warmup_only);
  }
  std::ostringstream o;
  o << "\n";
  if (warmup_only) o << "reps: repetitions x calls each; 1* = a single call (slower than --max-case-time).\n";
  o << measured << " measured, " << skipped << " skipped, " << unavailable << " n/a, " << failed << " failed, "
    << mismatched << " mismatched the reference; " << format_fixed(result.seconds, 1) << " s in total.\n";
  return o.str();
}

}  // namespace cnnkit::bench

#include "compare/table_report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <sstream>
#include <thread>
#include <utility>

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

// "skipped" from "skipped: <reason>": the scoreboard's short form of why an engine row did not count.
std::string status_word(const std::string& note) { return note.substr(0, note.find(':')); }

// "  a 1T: best cnnkit conv2d_fwd.simd 50.0; onednn 200.0 (cnnkit/engine 0.25x); xnnpack skipped"
std::string score_text(const std::vector<ScoreLine>& lines, OpId op, const std::string& shape, int threads) {
  std::string s;
  for (const ScoreLine& l : lines) {
    if (l.op != op || l.shape != shape || l.threads != threads) continue;
    if (s.empty()) {
      s = "  " + shape + " " + std::to_string(threads) + "T: best cnnkit ";
      s += l.cnnkit.row.empty() ? "-" : l.cnnkit.row + " " + rate_cell(l.cnnkit.rate);
    }
    s += "; " + l.engine + " ";
    s += std::isnan(l.engine_rate) ? status_word(l.engine_note)
                                   : rate_cell(l.engine_rate) + " (cnnkit/engine " + format_ratio(l.ratio) + ")";
  }
  return s;
}

void add_score_rows(TextTable& t, const std::vector<ScoreLine>& lines, OpId op, const std::string& shape) {
  std::set<int> thread_counts;
  for (const ScoreLine& l : lines)
    if (l.op == op && l.shape == shape) thread_counts.insert(l.threads);
  for (int threads : thread_counts) t.add_row({score_text(lines, op, shape, threads)});
}

// Whether the op reads weights that a fast variant packs (then cnnkit's rows say "packing in call").
bool packs_weights(OpId op) { return !cnnkit_row_note(op).empty(); }

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
  o << "Engines (rows in every table they have a primitive for; cnnkit/engine = cnnkit's best rate / the engine's "
       "rate at the same thread count, > 1: cnnkit faster):\n"
    << "  cnnkit: the registry's variants through the public API, each call timed whole: validation, dispatch and "
       "the weight packing a fast variant does (\"packing in call\" in the impl column)\n";
  for (const auto& e : engines)
    o << "  " << e.name << ": " << (e.available ? "" : "unavailable, ") << e.description
      << (e.available && !e.selected ? " (not selected)" : "") << "\n";
  return o.str();
}

std::string op_tables(const SuiteResult& result, const MachineProbe& probe, DType dtype) {
  const std::vector<ScoreLine> lines = scoreboard(result.records);
  const std::vector<Geomean> means = geomeans(lines);
  std::ostringstream o;
  for (OpId op : result.ops) {
    bool flops = false, engines = false;
    for (const auto& r : result.records)
      if (r.op == op) {
        if (r.work.amount > 0) flops = r.work.metric == Metric::flops;
        engines = engines || r.side == Side::competitor;
      }
    o << "\n"
      << to_string(op) << " (" << to_string(dtype) << "): "
      << (flops ? "GFLOP/s; %peak = of the " + probe.fma_tier + " FMA peak at the same thread count"
                : "GB/s; %peak = of STREAM copy at the same thread count")
      << "\n";
    if (engines && packs_weights(op))
      o << "cnnkit rows: the whole call, weight packing included; engine rows: weights already in the engine's "
           "layout (packed before timing)\n";
    if (engines) o << "cnnkit/eng = best cnnkit rate at the row's thread count / the engine's (> 1: cnnkit faster)\n";
    std::vector<TextTable::Column> columns = {{"shape", false},
                                              {"variant", false},
                                              {"thr", true},
                                              {"median", true},
                                              {flops ? "GFLOP/s" : "GB/s", true},
                                              {"%peak", true},
                                              {"vs ref", true}};
    if (engines) columns.push_back({"cnnkit/eng", true});
    for (const char* c : {"reps", "check", "impl"}) columns.push_back({c, std::string(c) == "reps"});
    TextTable t(std::move(columns));
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
      std::vector<std::string> cells = {r.shape,
                                        r.variant,
                                        thr,
                                        format_seconds(r.timing.median_s),
                                        rate_cell(r.rate),
                                        format_fixed(r.pct_peak, 1) + (std::isnan(r.pct_peak) ? "" : "%"),
                                        format_fixed(r.speedup, 2) + (std::isnan(r.speedup) ? "" : "x")};
      if (engines) {
        const bool competitor = r.side == Side::competitor && r.check != Check::mismatch;
        cells.push_back(competitor ? format_ratio(cnnkit_best(result.records, op, r.shape, r.threads).rate / r.rate)
                                   : "");
      }
      for (std::string cell : {reps_cell(r.timing), check_cell(r), r.impl}) cells.push_back(std::move(cell));
      t.add_row(std::move(cells));
    }
    if (!shape.empty()) add_score_rows(t, lines, op, shape);
    o << t.render();
    for (const Geomean& g : means)
      if (g.op == op)
        o << "geomean cnnkit/" << g.engine << " at " << g.threads << "T over " << g.ratios << " shape"
          << (g.ratios == 1 ? "" : "s") << ": " << format_ratio(g.geomean) << "\n";
    for (const EngineGap& gap : result.gaps)
      if (gap.op == op) o << "not compared: " << gap.engine << " (" << gap.reason << ")\n";
  }
  return o.str();
}

// One table per (op, thread count): a row per shape with cnnkit's best and each engine's rate and
// ratio, the geometric mean per engine, and the shapes where cnnkit's best is the reference.
std::string scoreboard_report(const SuiteResult& result) {
  const std::vector<ScoreLine> lines = scoreboard(result.records);
  if (lines.empty()) return {};
  const std::vector<Geomean> means = geomeans(lines);
  std::ostringstream o;
  o << "\nScoreboard: cnnkit's best row vs each engine, same run, same thread count (ratio = cnnkit rate / engine "
       "rate; > 1: cnnkit faster).\n"
       "cnnkit's times include everything its call does, weight packing included; the engines' weights were "
       "reordered or packed before timing. (ref) = cnnkit's best is the reference loop nest.\n";
  std::vector<std::pair<OpId, int>> tables;
  for (const Geomean& g : means)
    if (std::find(tables.begin(), tables.end(), std::pair(g.op, g.threads)) == tables.end())
      tables.emplace_back(g.op, g.threads);
  for (const auto& [op, threads] : tables) {
    std::vector<std::string> engines, shapes;
    Metric metric = Metric::bytes;
    for (const ScoreLine& l : lines) {
      if (l.op != op || l.threads != threads) continue;
      metric = l.metric;
      if (std::find(engines.begin(), engines.end(), l.engine) == engines.end()) engines.push_back(l.engine);
      if (std::find(shapes.begin(), shapes.end(), l.shape) == shapes.end()) shapes.push_back(l.shape);
    }
    o << "\n" << to_string(op) << ", " << threads << (threads == 1 ? " thread" : " threads") << " ("
      << (metric == Metric::flops ? "GFLOP/s" : "GB/s") << ")\n";
    std::vector<TextTable::Column> columns = {{"shape", false}, {"cnnkit best", false}, {"cnnkit", true}};
    for (const std::string& e : engines) {
      columns.push_back({e, true});
      columns.push_back({"ratio", true});
    }
    TextTable t(std::move(columns));
    for (const std::string& shape : shapes) {
      std::vector<std::string> cells(3 + 2 * engines.size(), "-");
      cells[0] = shape;
      for (const ScoreLine& l : lines) {
        if (l.op != op || l.threads != threads || l.shape != shape) continue;
        if (!l.cnnkit.row.empty()) {
          cells[1] = l.cnnkit.row + (l.cnnkit.reference ? " (ref)" : "");
          cells[2] = rate_cell(l.cnnkit.rate);
        }
        const auto e = static_cast<std::size_t>(std::find(engines.begin(), engines.end(), l.engine) - engines.begin());
        cells[3 + 2 * e] = std::isnan(l.engine_rate) ? status_word(l.engine_note) : rate_cell(l.engine_rate);
        cells[4 + 2 * e] = format_ratio(l.ratio);
      }
      t.add_row(std::move(cells));
    }
    std::vector<std::string> geomean_row(3 + 2 * engines.size(), "");
    geomean_row[0] = "geomean";
    for (const Geomean& g : means)
      if (g.op == op && g.threads == threads) {
        const auto e = static_cast<std::size_t>(std::find(engines.begin(), engines.end(), g.engine) - engines.begin());
        geomean_row[4 + 2 * e] = format_ratio(g.geomean);
      }
    t.add_row(std::move(geomean_row));
    o << t.render();
    const std::vector<std::string> fallbacks = reference_fallbacks(lines, op, threads);
    o << "falls back to the reference: "
      << (fallbacks.empty() ? std::string("none") : join(fallbacks, ", ") + " (" + std::to_string(fallbacks.size()) +
                                                        " of " + std::to_string(shapes.size()) + " shapes)")
      << "\n";
  }
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

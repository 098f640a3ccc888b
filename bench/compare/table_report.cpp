#include "compare/table_report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <sstream>
#include <thread>
#include <utility>

#include "common/list_parsing.hpp"
#include "compare/plain_calls.hpp"
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

// The plain line of a plain row, or null.
const PlainLine* find_plain(const std::vector<PlainLine>& lines, const Record& r) {
  for (const PlainLine& l : lines)
    if (l.op == r.op && l.shape == r.shape && l.threads == r.threads && l.plain == r.variant) return &l;
  return nullptr;
}

// "  a 1T plain: ran conv2d_fwd.blocked.avx2_fma 50.0; best forced conv2d_fwd.simd 55.0, regret
// 1.10x; onednn 200.0 (cnnkit/engine 0.25x); xnnpack skipped"
std::string plain_text(const PlainLine& p, const std::vector<ScoreLine>& lines) {
  std::string s = "  " + p.shape + " " + std::to_string(p.threads) + "T " + p.plain + ": ";
  s += std::isnan(p.rate) ? status_word(p.note) : "ran " + p.variant + " " + rate_cell(p.rate);
  s += "; best forced ";
  s += p.best.row.empty() ? "-" : p.best.row + " " + rate_cell(p.best.rate);
  s += ", regret " + (std::isnan(p.regret) ? std::string("n/a") : format_ratio(p.regret));
  for (const ScoreLine& l : lines) {
    if (l.plain.op != p.op || l.plain.shape != p.shape || l.plain.threads != p.threads || l.plain.plain != p.plain)
      continue;
    s += "; " + l.engine + " ";
    s += std::isnan(l.engine_rate) ? status_word(l.engine_note)
                                   : rate_cell(l.engine_rate) + " (cnnkit/engine " + format_ratio(l.ratio) + ")";
  }
  return s;
}

void add_plain_lines(TextTable& t, const std::vector<PlainLine>& plain, const std::vector<ScoreLine>& lines, OpId op,
                     const std::string& shape) {
  for (const PlainLine& p : plain)
    if (p.op == op && p.shape == shape) t.add_row({plain_text(p, lines)});
}

// The label whose ratio the op table's cnnkit/eng column shows: the untouched plain call.
std::string headline_label() { return plain_label(plain_settings().front(), PlainForm::call); }

// The ratio of the headline plain call to engine row r (NaN when either did not count).
double headline_ratio(const std::vector<ScoreLine>& lines, const Record& r) {
  for (const ScoreLine& l : lines)
    if (l.plain.op == r.op && l.plain.shape == r.shape && l.plain.threads == r.threads &&
        l.plain.plain == headline_label() && l.engine == r.engine)
      return l.ratio;
  return NAN;
}

// Whether the op reads weights that a fast variant packs (then cnnkit's rows say "packing in call").
bool packs_weights(OpId op) { return !cnnkit_row_note(op).empty(); }

}  // namespace

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
  o << "Rows (cnnkit/engine = the plain call's rate / the engine's at the same thread count, > 1: cnnkit faster):\n"
    << "  cnnkit: each variant forced through a Context (rows named by the variant), and the plain call\n"
       "    (\"plain\": nothing forced, dispatch choosing; impl names the variant it ran); each call timed whole:\n"
       "    validation, dispatch and the weight packing a fast variant does (\"packing in call\"); conv2d_fwd and\n"
       "    conv2d_bwd_data also \"plain, prepacked\": the call on weights packed before timing (Conv2dPackedWeights,\n"
       "    Conv2dBackwardDataPackedWeights), as the engines' weights\n";
  for (const auto& e : engines)
    o << "  " << e.name << ": " << (e.available ? "" : "unavailable, ") << e.description
      << (e.available && !e.selected ? " (not selected)" : "") << "\n";
  return o.str();
}

std::string op_tables(const SuiteResult& result, const MachineProbe& probe, DType dtype) {
  const std::vector<ScoreLine> lines = scoreboard(result.records);
  const std::vector<PlainLine> plain = plain_lines(result.records);
  const std::vector<Geomean> means = geomeans(lines);
  const std::vector<RegretSummary> regrets = regret_summaries(plain);
  std::ostringstream o;
  for (OpId op : result.ops) {
    bool flops = false, engines = false, plain_rows = false;
    for (const auto& r : result.records)
      if (r.op == op) {
        if (r.work.amount > 0) flops = r.work.metric == Metric::flops;
        engines = engines || r.kind == RowKind::engine;
        plain_rows = plain_rows || r.kind == RowKind::plain;
      }
    o << "\n"
      << to_string(op) << " (" << to_string(dtype) << "): "
      << (flops ? "GFLOP/s; %peak = of the " + probe.fma_tier + " FMA peak at the same thread count"
                : "GB/s; %peak = of STREAM copy at the same thread count")
      << "\n";
    if (plain_rows)
      o << "plain = the public call, nothing forced (impl: the variant dispatch ran); regret = its time / the best "
           "forced row's at the same thread count (serial variants and the reference included)\n";
    if (engines && packs_weights(op))
      o << "cnnkit rows: the whole call, weight packing included"
        << (has_prepacked_form(op) ? " (\"plain, prepacked\": weights packed before timing)" : "")
        << "; engine rows: weights already in the engine's layout (packed before timing)"
        << (has_prepacked_form(op) ? ", so \"plain, prepacked\" is the like-for-like comparison" : "") << "\n";
    if (engines)
      o << "cnnkit/eng = the " << headline_label()
        << " call's rate at the row's thread count / the engine's (> 1: cnnkit faster)\n";
    std::vector<TextTable::Column> columns = {{"shape", false},
                                              {"variant", false},
                                              {"thr", true},
                                              {"median", true},
                                              {flops ? "GFLOP/s" : "GB/s", true},
                                              {"%peak", true},
                                              {"vs ref", true}};
    if (plain_rows) columns.push_back({"regret", true});
    if (engines) columns.push_back({"cnnkit/eng", true});
    for (const char* c : {"reps", "check", "impl"}) columns.push_back({c, std::string(c) == "reps"});
    TextTable t(std::move(columns));
    std::string shape;
    for (const auto& r : result.records) {
      if (r.op != op) continue;
      if (r.shape != shape && !shape.empty()) add_plain_lines(t, plain, lines, op, shape);
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
      if (plain_rows) {
        const PlainLine* p = r.kind == RowKind::plain ? find_plain(plain, r) : nullptr;
        cells.push_back(p ? (std::isnan(p->regret) ? "n/a" : format_ratio(p->regret)) : "");
      }
      if (engines)
        cells.push_back(r.kind == RowKind::engine && r.check != Check::mismatch
                            ? format_ratio(headline_ratio(lines, r))
                            : "");
      for (std::string cell : {reps_cell(r.timing), check_cell(r), r.impl}) cells.push_back(std::move(cell));
      t.add_row(std::move(cells));
    }
    if (!shape.empty()) add_plain_lines(t, plain, lines, op, shape);
    o << t.render();
    for (const RegretSummary& s : regrets) {
      if (s.op != op) continue;
      o << s.threads << "T " << s.plain << ": regret " << regret_text(s);
      for (const Geomean& g : means)
        if (g.op == op && g.threads == s.threads && g.plain == s.plain)
          o << "; cnnkit/" << g.engine << " geomean " << format_ratio(g.geomean) << " over " << g.ratios << " shape"
            << (g.ratios == 1 ? "" : "s");
      o << "\n";
    }
    for (const EngineGap& gap : result.gaps)
      if (gap.op == op) o << "not compared: " << gap.engine << " (" << gap.reason << ")\n";
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

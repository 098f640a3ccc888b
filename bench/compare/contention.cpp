#include "compare/contention.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <numeric>
#include <sstream>

#include "common/op_case.hpp"
#include "common/timing.hpp"
#include "compare/busy_core.hpp"
#include "compare/file_fields.hpp"
#include "compare/name_filter.hpp"
#include "compare/plain_calls.hpp"
#include "compare/progress.hpp"
#include "compare/suite_runner.hpp"
#include "compare/text_table.hpp"

namespace cnnkit::bench {
namespace {

// A case's ratio above this misses issue 13's target (contended full threads <= 1.2x quiet 1T).
constexpr double kTargetRatio = 1.2;

// How many single-call samples a measurement takes, and the time after which it stops early
// (with at least kMinSamples). More samples than the timed suite's default, since what this
// measures is the tail: --quick still takes 7.
constexpr int kMinSamples = 3;
struct SampleBudget {
  int samples;
  double seconds;
};
SampleBudget sample_budget(const Options& o) {
  return {std::max(7, o.timing.max_reps), std::max(0.05, o.timing.max_case_time_s)};
}

// One untimed warm-up call (it also lets cnnkit's late-thread governor see the load, as a
// user's earlier calls would), then single-call samples.
CallStats sample_calls(const std::function<void()>& call, const SampleBudget& budget) {
  call();
  std::vector<double> samples;
  const auto start = std::chrono::steady_clock::now();
  while (static_cast<int>(samples.size()) < budget.samples) {
    samples.push_back(time_once(call));
    const double used = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (static_cast<int>(samples.size()) >= kMinSamples && used > budget.seconds) break;
  }
  return call_stats(std::move(samples));
}

// The three measurements of one row: `at(threads)` gives the call at a thread count (an engine
// prepares its primitive there). The spinner runs only during the contended one.
struct RowRunner {
  int full;
  int busy_cpu;
  SampleBudget budget;

  void measure(ContentionRow& row, const std::function<std::function<void()>(int)>& at) const {
    row.quiet_one = sample_calls(at(1), budget);
    const std::function<void()> full_call = at(full);
    row.quiet_full = sample_calls(full_call, budget);
    const BusyCore busy(busy_cpu);
    row.busy_full = sample_calls(full_call, budget);
  }
};

ContentionRow cnnkit_row(const RowRunner& runner, const Context& base, OpId op, const Layer& layer, OpCase& c) {
  ContentionRow row{op, layer.name, "cnnkit", {}, runner.full, {}, {}, {}, {}, false};
  std::vector<Context> contexts;  // one per thread count, alive while its call is
  contexts.reserve(2);
  try {
    c.restore_inputs();
    runner.measure(row, [&](int threads) -> std::function<void()> {
      contexts.push_back(plain_context(base, PlainRun{"plain", &plain_settings().front(), PlainForm::call, threads}));
      const Context& ctx = contexts.back();
      return [&c, &ctx] { c.run(ctx); };
    });
    row.impl = last_variant(op);
  } catch (const std::exception& e) {
    row.failed = true;
    row.note = e.what();
  }
  return row;
}

ContentionRow engine_row(const RowRunner& runner, Engine& engine, OpId op, const Layer& layer, OpCase& c) {
  ContentionRow row{op, layer.name, engine.name(), {}, runner.full, {}, {}, {}, {}, false};
  std::vector<std::unique_ptr<PreparedRun>> prepared;  // the engine's threading holds while they live
  try {
    runner.measure(row, [&](int threads) -> std::function<void()> {
      prepared.clear();  // one primitive (and thread setting) at a time
      c.restore_inputs();
      prepared.push_back(engine.prepare(op, layer, c, threads));
      PreparedRun* run = prepared.back().get();
      row.impl = run->implementation();
      return [run] { run->run(); };
    });
  } catch (const EngineDeclines& e) {
    row.note = (e.not_available() ? "n/a: " : "skipped: ") + std::string(e.what());
    row.quiet_one = row.quiet_full = row.busy_full = CallStats{};
  } catch (const std::exception& e) {
    row.failed = true;
    row.note = e.what();
  }
  return row;
}

std::string seconds_cell(const CallStats& s) { return s.samples ? format_seconds(s.median_s) : "-"; }

Json stats_json(const CallStats& s) {
  const auto v = [&s](double x) { return json_number(s.samples ? x : NAN); };
  return {{"median_s", v(s.median_s)}, {"mean_s", v(s.mean_s)}, {"p90_s", v(s.p90_s)}, {"max_s", v(s.max_s)},
          {"samples", s.samples}};
}

}  // namespace

CallStats call_stats(std::vector<double> samples) {
  CallStats s;
  if (samples.empty()) return s;
  std::sort(samples.begin(), samples.end());
  const std::size_t n = samples.size();
  s.samples = static_cast<int>(n);
  s.median_s = n % 2 ? samples[n / 2] : 0.5 * (samples[n / 2 - 1] + samples[n / 2]);
  s.mean_s = std::accumulate(samples.begin(), samples.end(), 0.0) / static_cast<double>(n);
  // The nearest-rank 90th percentile: the smallest sample with at least 90% of them at or below it.
  s.p90_s = samples[static_cast<std::size_t>(std::ceil(0.9 * static_cast<double>(n))) - 1];
  s.max_s = samples.back();
  return s;
}

double ContentionRow::ratio() const {
  if (!quiet_one.samples || !busy_full.samples || !(quiet_one.median_s > 0)) return NAN;
  return busy_full.median_s / quiet_one.median_s;
}

ContentionResult run_contention(const Options& options, const std::vector<Layer>& layers,
                                const EngineSelection& engines) {
  ContentionResult result;
  result.threads = allowed_cpu_count();
  result.busy_cpu = last_allowed_cpu();
  result.pin_note = BusyCore(result.busy_cpu).pin_problem();
  const RowRunner runner{result.threads, result.busy_cpu, sample_budget(options)};
  const Context base = base_context(options);
  const auto keep_op = name_filter(options.ops, "--ops");

  struct Case {
    OpId op;
    const Layer* layer;
    std::vector<Engine*> engines;
  };
  std::vector<Case> cases;
  int steps = 0;
  for (OpId op : all_ops()) {
    if (keep_op && !keep_op(to_string(op))) continue;
    std::vector<Engine*> with_op;
    for (Engine* e : engines.engines)
      if (e->lacks(op).empty()) with_op.push_back(e);
    for (const Layer& l : layers) {
      const auto ops = ops_of(l);
      if (std::find(ops.begin(), ops.end(), op) == ops.end()) continue;
      cases.push_back({op, &l, with_op});
      steps += (engines.cnnkit ? 1 : 0) + static_cast<int>(with_op.size());
    }
  }

  Progress progress(steps);
  for (const Case& k : cases) {
    const std::string what = std::string(to_string(k.op)) + " " + k.layer->name + " ";
    std::unique_ptr<OpCase> c;
    try {
      c = make_op_case(k.op, *k.layer, options.dtype);
    } catch (const std::exception& e) {
      ContentionRow row{k.op, k.layer->name, "cnnkit", {}, result.threads, {}, {}, {}, e.what(), true};
      result.rows.push_back(row);
      continue;
    }
    if (engines.cnnkit) {
      progress.step(what + "cnnkit");
      result.rows.push_back(cnnkit_row(runner, base, k.op, *k.layer, *c));
    }
    for (Engine* e : k.engines) {
      progress.step(what + e->name());
      result.rows.push_back(engine_row(runner, *e, k.op, *k.layer, *c));
    }
  }
  progress.finish();
  return result;
}

std::string contention_report(const ContentionResult& result) {
  std::ostringstream o;
  o << "Contention: " << result.threads << " threads (the affinity mask) with a busy thread spinning on CPU "
    << result.busy_cpu << (result.pin_note.empty() ? "" : " (not pinned: " + result.pin_note + ")")
    << ", against 1 thread with no spinner. Times per call (single-call samples): median; the contended run also "
       "mean and p90, where stalls show. ratio = contended median / quiet 1T median (target <= "
    << format_fixed(kTargetRatio, 2) << ").\n";
  const std::string nt = std::to_string(result.threads) + "T";
  TextTable table({{"op", false},
                   {"case", false},
                   {"engine", false},
                   {"1T quiet", true},
                   {nt + " quiet", true},
                   {nt + " busy", true},
                   {nt + " busy mean", true},
                   {nt + " busy p90", true},
                   {"ratio", true},
                   {"p90 ratio", true},
                   {"ran (" + nt + ")", false}});
  struct Tally {
    double log_sum = 0;
    int n = 0, over = 0;
    double worst = 0;
    std::string worst_case;
  };
  std::map<std::string, Tally> per_engine;
  for (const ContentionRow& r : result.rows) {
    if (!r.busy_full.samples) {
      table.add_row({to_string(r.op), r.shape, r.engine, (r.failed ? "FAILED: " : "") + r.note});
      continue;
    }
    const double ratio = r.ratio();
    table.add_row({to_string(r.op), r.shape, r.engine, seconds_cell(r.quiet_one), seconds_cell(r.quiet_full),
                   seconds_cell(r.busy_full), format_seconds(r.busy_full.mean_s), format_seconds(r.busy_full.p90_s),
                   format_fixed(ratio, 2) + "x", format_fixed(r.busy_full.p90_s / r.quiet_one.median_s, 2) + "x",
                   r.impl});
    Tally& t = per_engine[r.engine];
    t.log_sum += std::log(ratio);
    ++t.n;
    if (ratio > kTargetRatio) ++t.over;
    if (ratio > t.worst) t.worst = ratio, t.worst_case = std::string(to_string(r.op)) + " " + r.shape;
  }
  o << table.render() << "Summary (ratio = " << nt << " busy / 1T quiet, medians):\n";
  for (const auto& [engine, t] : per_engine)
    o << "  " << engine << ": geomean " << format_fixed(std::exp(t.log_sum / t.n), 2) << "x over " << t.n
      << " cases, worst " << format_fixed(t.worst, 2) << "x (" << t.worst_case << "), " << t.over << " above "
      << format_fixed(kTargetRatio, 2) << "x\n";
  return o.str();
}

void write_contention_csv(const std::string& path, const ContentionResult& result) {
  std::ofstream out = open_for_writing(path);
  out << "op,shape,engine,impl,threads,busy_cpu,quiet_1t_median_s,quiet_full_median_s,busy_full_median_s,"
         "busy_full_mean_s,busy_full_p90_s,busy_full_max_s,samples,ratio,note\n";
  for (const ContentionRow& r : result.rows) {
    const auto v = [](const CallStats& s, double x) { return csv_number(s.samples ? x : NAN); };
    out << to_string(r.op) << "," << csv_field(r.shape) << "," << csv_field(r.engine) << "," << csv_field(r.impl)
        << "," << r.threads << "," << result.busy_cpu << "," << v(r.quiet_one, r.quiet_one.median_s) << ","
        << v(r.quiet_full, r.quiet_full.median_s) << "," << v(r.busy_full, r.busy_full.median_s) << ","
        << v(r.busy_full, r.busy_full.mean_s) << "," << v(r.busy_full, r.busy_full.p90_s) << ","
        << v(r.busy_full, r.busy_full.max_s) << "," << r.busy_full.samples << "," << csv_number(r.ratio()) << ","
        << csv_field(r.note) << "\n";
  }
}

void write_contention_json(const std::string& path, const ContentionResult& result) {
  Json rows = Json::array();
  for (const ContentionRow& r : result.rows)
    rows.push_back({{"op", to_string(r.op)},
                    {"shape", r.shape},
                    {"engine", r.engine},
                    {"impl", r.impl},
                    {"quiet_1t", stats_json(r.quiet_one)},
                    {"quiet_full", stats_json(r.quiet_full)},
                    {"busy_full", stats_json(r.busy_full)},
                    {"ratio", json_number(r.ratio())},
                    {"failed", r.failed},
                    {"note", r.note}});
  write_json_file(path, {{"threads", result.threads},
                         {"busy_cpu", result.busy_cpu},
                         {"pin_note", result.pin_note},
                         {"contention", std::move(rows)}});
}

int run_contention_command(const Options& options, const std::vector<Layer>& layers, const EngineSelection& engines) {
  const ContentionResult result = run_contention(options, layers, engines);
  std::fputs(contention_report(result).c_str(), stdout);
  if (!options.csv_path.empty()) write_contention_csv(options.csv_path, result);
  if (!options.json_path.empty()) write_contention_json(options.json_path, result);
  const bool failed = std::any_of(result.rows.begin(), result.rows.end(), [](const ContentionRow& r) { return r.failed; });
  return failed ? 1 : 0;
}

}  // namespace cnnkit::bench

#include "compare/suite_runner.hpp"

#include <algorithm>
#include <chrono>
#include <memory>
#include <new>

#include "cnnkit/error.hpp"
#include "common/variant_plan.hpp"
#include "compare/name_filter.hpp"
#include "compare/plain_calls.hpp"
#include "compare/prepacked_call.hpp"
#include "compare/progress.hpp"

namespace cnnkit::bench {
namespace {

struct OpWork {
  OpId op;
  RunPlan plan;
  std::vector<PlainRun> plain;   // the plain calls (none when cnnkit's rows are not selected)
  std::vector<Engine*> engines;  // the selected engines that have a primitive for op
  std::vector<const Layer*> layers;

  bool oracle_only_reference() const { return !plan.keep_reference; }
  bool has_runnable_others() const {
    return !engines.empty() || !plain.empty() || std::any_of(plan.runs.begin(), plan.runs.end(),
                                           [](const PlannedRun& r) { return !r.reference && r.runnable; });
  }
};

std::vector<OpWork> plan_suite(const Options& o, const std::vector<Layer>& layers, const Context& base,
                               const EngineSelection& selection, std::vector<EngineGap>& gaps) {
  const auto keep_op = name_filter(o.ops, "--ops");
  const auto by_name = name_filter(o.variants, "--variants");
  // Without cnnkit in --engines, no cnnkit variant is timed; the reference still runs as the oracle.
  const std::function<bool(const std::string&)> keep_variant =
      selection.cnnkit ? by_name : [](const std::string&) { return false; };
  std::vector<OpWork> work;
  for (OpId op : all_ops()) {
    if (keep_op && !keep_op(to_string(op))) continue;
    OpWork w{op, plan_runs(op, o.dtype, base, o.threads, keep_variant), {}, {}, {}};
    // The plain calls always run with cnnkit's rows: --variants filters the forced rows only.
    if (selection.cnnkit && !w.plan.runs.empty()) w.plain = plan_plain_runs(op, o.threads, o.tuned);
    for (Engine* e : selection.engines) {
      if (const std::string why = e->lacks(op); why.empty())
        w.engines.push_back(e);
      else
        gaps.push_back({op, e->name(), why});
    }
    const bool cnnkit_rows = w.plan.keep_reference || w.plan.runs.size() > 1 || !w.plain.empty();
    for (const Layer& l : layers) {
      const auto ops = ops_of(l);
      if (std::find(ops.begin(), ops.end(), op) != ops.end()) w.layers.push_back(&l);
    }
    if ((cnnkit_rows || !w.engines.empty()) && !w.layers.empty()) {
      work.push_back(std::move(w));
    } else {
      std::erase_if(gaps, [&](const EngineGap& g) { return g.op == op; });
    }
  }
  return work;
}

// Progress steps of one case: every listed run, but the filtered-out reference only as the
// untimed oracle call (when there is something to check against it), the plain calls, and each
// engine once per thread count.
int steps_per_case(const OpWork& w, const Options& o) {
  int steps = static_cast<int>(w.plan.runs.size() + w.plain.size());
  if (w.oracle_only_reference() && !(o.verify && w.has_runnable_others())) --steps;
  return steps + static_cast<int>(w.engines.size() * o.threads.size());
}

std::string step_text(OpId op, const Layer& layer, const std::string& what, int threads) {
  std::string text = std::string(to_string(op)) + " " + layer.name + " " + what;
  if (threads > 0) text.append(" ").append(std::to_string(threads)).append("T");
  return text;
}

class CaseRunner {
 public:
  CaseRunner(const Options& o, const Context& base, const MachineProbe& probe, Progress& progress,
             std::vector<Record>& out)
      : o_(o), base_(base), probe_(probe), progress_(progress), out_(out) {}

  void run(const OpWork& w, const Layer& layer) {
    std::unique_ptr<OpCase> c;
    try {
      c = make_op_case(w.op, layer, o_.dtype);
    } catch (const std::exception& e) {
      const bool no_memory = dynamic_cast<const std::bad_alloc*>(&e) != nullptr;
      auto fail = [&](Record r) {
        progress_.step(step_text(w.op, layer, r.variant, r.threads));
        r.status = RunStatus::failed;
        r.note = no_memory ? "not enough memory for the case's buffers" : e.what();
        out_.push_back(r);
      };
      for (const PlannedRun& run : w.plan.runs)
        if (!(run.reference && w.oracle_only_reference())) fail(blank(w.op, layer, run));
      for (const PlainRun& run : w.plain) fail(blank(w.op, layer, run));
      for (Engine* engine : w.engines)
        for (int t : o_.threads) fail(blank(w.op, layer, *engine, t));
      return;
    }
    have_oracle_ = false;
    oracle_ = Snapshot{};
    ref_median_ = NAN;
    for (const PlannedRun& run : w.plan.runs) {
      if (run.reference && w.oracle_only_reference()) {
        if (o_.verify && w.has_runnable_others()) make_oracle(w, layer, run, *c);
        continue;
      }
      progress_.step(step_text(w.op, layer, run.variant, run.threads));
      out_.push_back(measure_variant(w.op, layer, run, *c));
    }
    for (const PlainRun& run : w.plain) {
      progress_.step(step_text(w.op, layer, run.label, run.threads));
      out_.push_back(measure_plain(w, layer, run, *c));
    }
    for (Engine* engine : w.engines)
      for (int t : o_.threads) {
        progress_.step(step_text(w.op, layer, engine->name(), t));
        out_.push_back(measure_engine(w.op, layer, *engine, t, *c));
      }
  }

 private:
  Record blank(OpId op, const Layer& layer) const {
    Record r;
    r.op = op;
    r.shape = layer.name;
    r.shape_file = layer.file;
    r.geometry = summarize(layer);
    return r;
  }
  Record blank(OpId op, const Layer& layer, const PlannedRun& run) const {
    Record r = blank(op, layer);
    r.variant = run.variant;
    r.threads = run.threads;
    r.reference = run.reference;
    r.serial = run.threading == Threading::serial;
    r.impl = cnnkit_row_note(op);
    return r;
  }
  Record blank(OpId op, const Layer& layer, const PlainRun& run) const {
    Record r = blank(op, layer);
    r.kind = RowKind::plain;
    r.variant = run.label;
    r.threads = run.threads;
    r.serial = false;
    r.prepacked = run.form == PlainForm::prepacked;
    r.impl = cnnkit_row_note(op);
    return r;
  }
  Record blank(OpId op, const Layer& layer, const Engine& engine, int threads) const {
    Record r = blank(op, layer);
    r.kind = RowKind::engine;
    r.variant = r.engine = engine.name();
    r.side = Side::competitor;
    r.threads = threads;
    r.serial = false;
    return r;
  }

  // The reference was filtered out of the timed runs: one untimed call gives the oracle.
  void make_oracle(const OpWork& w, const Layer& layer, const PlannedRun& run, OpCase& c) {
    progress_.step(step_text(w.op, layer, run.variant, run.threads) + " (oracle, untimed)");
    try {
      c.restore_inputs();
      c.run(run_context(base_, w.op, run));
      oracle_ = c.snapshot();
      have_oracle_ = true;
    } catch (const std::exception&) {
      have_oracle_ = false;  // the runs show "unchecked"
    }
  }

  Record measure_variant(OpId op, const Layer& layer, const PlannedRun& run, OpCase& c) {
    Record r = blank(op, layer, run);
    r.work = c.work();
    if (!run.runnable) {
      r.status = RunStatus::skipped;
      r.note = run.reason;
      return r;
    }
    const Context ctx = run_context(base_, op, run);
    const auto call = [&] { c.run(ctx); };
    double warmup_s = 0;
    try {
      prepare_checked_call(c);
      warmup_s = time_once(call);
    } catch (const Error& e) {
      r.status = e.status() == Status::unsupported ? RunStatus::skipped : RunStatus::failed;
      r.note = e.status() == Status::unsupported ? decline_reason(e) : e.what();
      return r;
    } catch (const std::exception& e) {
      r.status = RunStatus::failed;
      r.note = e.what();
      return r;
    }
    if (run.reference) {
      r.check = Check::reference;
      if (o_.verify) {
        oracle_ = c.snapshot();
        have_oracle_ = true;
      }
    } else {
      check(r, c);
    }
    time_rest(r, call, warmup_s, std::max(run.threads, 1));
    if (run.reference && r.status == RunStatus::measured) {
      ref_median_ = r.timing.median_s;
      r.speedup = 1;
    }
    return r;
  }

  // A plain-call row: the public call with a Context that forces nothing (the prepacked form packs
  // its weights first, untimed), checked like every row; impl names the variant dispatch ran.
  Record measure_plain(const OpWork& w, const Layer& layer, const PlainRun& run, OpCase& c) {
    Record r = blank(w.op, layer, run);
    r.work = c.work();
    const Context ctx = plain_context(base_, run);
    std::unique_ptr<PreparedRun> prepared;
    std::function<void()> call = [&] { c.run(ctx); };
    double warmup_s = 0;
    try {
      prepare_checked_call(c);
      if (run.form == PlainForm::prepacked) {
        prepared = prepare_prepacked_call(layer, c, ctx);
        call = [&] { prepared->run(); };
      }
      if (ctx.tuning() == Tuning::measure) {
        // The measuring call (every candidate timed, once per key and process) is set-up, like
        // the engines' primitive creation: untimed. The checked warm-up then hits the cache.
        call();
        prepare_checked_call(c);
      }
      warmup_s = time_once(call);
    } catch (const std::exception& e) {
      r.status = RunStatus::failed;  // a plain call has nothing to decline: any error is a failure
      r.note = e.what();
      return r;
    }
    r.ran_variant = last_variant(w.op);
    r.ran_reference = r.ran_variant == w.plan.reference;
    r.impl = prepared ? prepared->implementation()
                      : r.ran_variant + (r.impl.empty() ? std::string() : ", " + r.impl);
    check(r, c);
    time_rest(r, call, warmup_s, run.threads);
    return r;
  }

  // An engine row: prepare (untimed), the first call (the warm-up, checked), then the timing.
  Record measure_engine(OpId op, const Layer& layer, Engine& engine, int threads, OpCase& c) {
    Record r = blank(op, layer, engine, threads);
    r.work = c.work();
    std::unique_ptr<PreparedRun> prepared;
    double warmup_s = 0;
    try {
      prepare_checked_call(c);
      prepared = engine.prepare(op, layer, c, threads);
      r.impl = prepared->implementation();
      warmup_s = time_once([&] { prepared->run(); });
      prepared->publish_outputs();
    } catch (const EngineDeclines& e) {
      r.status = e.not_available() ? RunStatus::unavailable : RunStatus::skipped;
      r.note = e.what();
      return r;
    } catch (const std::exception& e) {
      r.status = RunStatus::failed;
      r.note = e.what();
      return r;
    }
    check(r, c);
    time_rest(r, [&] { prepared->run(); }, warmup_s, threads);
    return r;
  }

  // Before a checked first call: outputs that the call must write are poisoned (so stale results
  // of an earlier row cannot pass), then the inputs are put back.
  void prepare_checked_call(OpCase& c) const {
    if (o_.verify) poison_outputs(c);
    c.restore_inputs();
  }

  void check(Record& r, const OpCase& c) const {
    if (!o_.verify || !have_oracle_) return;
    r.check_result = compare_outputs(c.snapshot(), oracle_, o_.dtype);
    r.check = r.check_result.ok ? Check::match : Check::mismatch;
  }

  // The repetitions after the warm-up, and the rates.
  void time_rest(Record& r, const std::function<void()>& call, double warmup_s, int threads) const {
    try {
      r.timing = measure(call, warmup_s, o_.timing);
    } catch (const std::exception& e) {
      r.status = RunStatus::failed;
      r.note = e.what();
      return;
    }
    r.rate = r.work.amount / r.timing.median_s / 1e9;
    const double peak = r.work.metric == Metric::flops ? probe_.fma_peak(threads) : probe_.copy_bandwidth(threads);
    if (peak > 0) r.pct_peak = 100.0 * r.rate / peak;
    r.speedup = ref_median_ / r.timing.median_s;
  }

  const Options& o_;
  const Context& base_;
  const MachineProbe& probe_;
  Progress& progress_;
  std::vector<Record>& out_;
  Snapshot oracle_;
  bool have_oracle_ = false;
  double ref_median_ = NAN;
};

}  // namespace

std::string cnnkit_row_note(OpId op) {
  switch (op) {
    case OpId::conv2d_fwd:
    case OpId::conv2d_bwd_data:
    case OpId::dense_fwd:
    case OpId::dense_bwd_data:
      return "packing in call";
    default:
      return {};
  }
}

Context base_context(const Options& options) {
  Context base;
  if (options.max_isa) base.set_max_isa(*options.max_isa);
  return base;
}

SuiteResult run_suite(const Options& options, const std::vector<Layer>& layers, const MachineProbe& probe,
                      const EngineSelection& engines) {
  const auto start = std::chrono::steady_clock::now();
  const Context base = base_context(options);
  SuiteResult result;
  result.engines = engines.known;
  const std::vector<OpWork> work = plan_suite(options, layers, base, engines, result.gaps);
  int total = 0;
  for (const auto& w : work) total += steps_per_case(w, options) * static_cast<int>(w.layers.size());

  Progress progress(total);
  CaseRunner runner(options, base, probe, progress, result.records);
  for (const auto& w : work) {
    result.ops.push_back(w.op);
    for (const Layer* layer : w.layers) runner.run(w, *layer);
  }
  progress.finish();
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace cnnkit::bench

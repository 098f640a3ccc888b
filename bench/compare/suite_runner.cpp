#include "compare/suite_runner.hpp"

#include <algorithm>
#include <chrono>
#include <memory>
#include <new>

#include "cnnkit/error.hpp"
#include "common/variant_plan.hpp"
#include "compare/name_filter.hpp"
#include "compare/progress.hpp"

namespace cnnkit::bench {
namespace {

struct OpWork {
  OpId op;
  RunPlan plan;
  std::vector<const Layer*> layers;

  bool oracle_only_reference() const { return !plan.keep_reference; }
  bool has_runnable_others() const {
    return std::any_of(plan.runs.begin(), plan.runs.end(),
                       [](const PlannedRun& r) { return !r.reference && r.runnable; });
  }
};

std::vector<OpWork> plan_suite(const Options& o, const std::vector<Layer>& layers, const Context& base) {
  const auto keep_op = name_filter(o.ops, "--ops");
  const auto keep_variant = name_filter(o.variants, "--variants");
  std::vector<OpWork> work;
  for (OpId op : all_ops()) {
    if (keep_op && !keep_op(to_string(op))) continue;
    OpWork w{op, plan_runs(op, o.dtype, base, o.threads, keep_variant), {}};
    if (!w.plan.keep_reference && w.plan.runs.size() <= 1) continue;  // every variant filtered out
    for (const Layer& l : layers) {
      const auto ops = ops_of(l);
      if (std::find(ops.begin(), ops.end(), op) != ops.end()) w.layers.push_back(&l);
    }
    if (!w.layers.empty()) work.push_back(std::move(w));
  }
  return work;
}

// Progress steps of one case: every listed run, but the filtered-out reference only as the
// untimed oracle call (when there is something to check against it).
int steps_per_case(const OpWork& w, bool verify) {
  int steps = static_cast<int>(w.plan.runs.size());
  if (w.oracle_only_reference() && !(verify && w.has_runnable_others())) --steps;
  return steps;
}

std::string step_text(OpId op, const Layer& layer, const PlannedRun& run) {
  std::string text = std::string(to_string(op)) + " " + layer.name + " " + run.variant;
  if (run.threads > 0) text.append(" ").append(std::to_string(run.threads)).append("T");
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
      for (const PlannedRun& run : w.plan.runs) {
        if (run.reference && w.oracle_only_reference()) continue;
        progress_.step(step_text(w.op, layer, run));
        Record r = blank(w.op, layer, run);
        r.status = RunStatus::failed;
        r.note = no_memory ? "not enough memory for the case's buffers" : e.what();
        out_.push_back(r);
      }
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
      progress_.step(step_text(w.op, layer, run));
      out_.push_back(measure_run(w.op, layer, run, *c));
    }
  }

 private:
  Record blank(OpId op, const Layer& layer, const PlannedRun& run) const {
    Record r;
    r.op = op;
    r.shape = layer.name;
    r.shape_file = layer.file;
    r.geometry = summarize(layer);
    r.variant = run.variant;
    r.threads = run.threads;
    r.reference = run.reference;
    return r;
  }

  // The reference was filtered out of the timed runs: one untimed call gives the oracle.
  void make_oracle(const OpWork& w, const Layer& layer, const PlannedRun& run, OpCase& c) {
    progress_.step(step_text(w.op, layer, run) + " (oracle, untimed)");
    try {
      c.restore_inputs();
      c.run(run_context(base_, w.op, run));
      oracle_ = c.snapshot();
      have_oracle_ = true;
    } catch (const std::exception&) {
      have_oracle_ = false;  // the runs show "unchecked"
    }
  }

  Record measure_run(OpId op, const Layer& layer, const PlannedRun& run, OpCase& c) {
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
      c.restore_inputs();
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
    } else if (o_.verify && have_oracle_) {
      r.check_result = compare_outputs(c.snapshot(), oracle_, o_.dtype);
      r.check = r.check_result.ok ? Check::match : Check::mismatch;
    }

    try {
      r.timing = measure(call, warmup_s, o_.timing);
    } catch (const std::exception& e) {
      r.status = RunStatus::failed;
      r.note = e.what();
      return r;
    }
    const double rate = r.work.amount / r.timing.median_s / 1e9;
    const int threads = std::max(run.threads, 1);
    const double peak = r.work.metric == Metric::flops ? probe_.fma_peak(threads) : probe_.copy_bandwidth(threads);
    r.rate = rate;
    if (peak > 0) r.pct_peak = 100.0 * rate / peak;
    if (run.reference) ref_median_ = r.timing.median_s;
    r.speedup = ref_median_ / r.timing.median_s;
    return r;
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

Context base_context(const Options& options) {
  Context base;
  if (options.max_isa) base.set_max_isa(*options.max_isa);
  return base;
}

SuiteResult run_suite(const Options& options, const std::vector<Layer>& layers, const MachineProbe& probe) {
  const auto start = std::chrono::steady_clock::now();
  const Context base = base_context(options);
  const std::vector<OpWork> work = plan_suite(options, layers, base);
  int total = 0;
  for (const auto& w : work) total += steps_per_case(w, options.verify) * static_cast<int>(w.layers.size());

  SuiteResult result;
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

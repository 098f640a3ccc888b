#include "gbench/register_cases.hpp"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <new>

#include "cnnkit/error.hpp"
#include "common/op_case.hpp"
#include "common/shape_suite.hpp"
#include "common/variant_plan.hpp"

namespace cnnkit::bench {
namespace {

struct CaseSpec {
  Layer layer;
  OpId op;
  DType dtype;
  PlannedRun run;
  const MachineProbe* probe;
  bool warmed = false;  // the warm-up call happens once per case, not once per gbench trial
};

std::string case_key(const CaseSpec& s) {
  return std::string(to_string(s.op)) + "/" + s.layer.name + "/" + to_string(s.dtype);
}

// Google Benchmark calls a case's function several times while it settles the iteration count.
// The buffers are allocated and first-touched once: the last case's buffers are kept and reused
// by the next case of the same (op, shape, dtype); registration order makes those consecutive.
OpCase& cached_case(const CaseSpec& s) {
  static std::string key;
  static std::unique_ptr<OpCase> current;
  if (!current || key != case_key(s)) {
    current.reset();  // free the previous case before allocating the next
    current = make_op_case(s.op, s.layer, s.dtype);
    key = case_key(s);
  }
  return *current;
}

// Per-call seconds of each reference, by case_key, for the x_ref counter.
std::map<std::string, double>& reference_seconds() {
  static std::map<std::string, double> times;
  return times;
}

void run_case(benchmark::State& state, CaseSpec& s) {
  if (!s.run.runnable) {
    state.SkipWithError(("skipped: " + s.run.reason).c_str());
    return;
  }
  OpCase* c = nullptr;
  try {
    c = &cached_case(s);
  } catch (const std::bad_alloc&) {
    state.SkipWithError("skipped: not enough memory for the case's buffers");
    return;
  } catch (const std::exception& e) {
    state.SkipWithError((std::string("error: ") + e.what()).c_str());
    return;
  }
  const Context ctx = run_context(Context(), s.op, s.run);
  if (!s.warmed) {
    try {
      c->restore_inputs();
      c->run(ctx);
    } catch (const Error& e) {
      // unsupported: the forced variant declines this problem (e.g. a threaded one at 1 thread).
      const std::string why =
          e.status() == Status::unsupported ? "skipped: " + decline_reason(e) : std::string("error: ") + e.what();
      state.SkipWithError(why.c_str());
      return;
    }
    s.warmed = true;
  }

  const auto start = std::chrono::steady_clock::now();
  try {
    for (auto _ : state) c->run(ctx);
  } catch (const std::exception& e) {  // the warm-up call succeeded, so this is not expected
    state.SkipWithError((std::string("error: ") + e.what()).c_str());
    return;
  }
  const double per_call = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() /
                          static_cast<double>(state.iterations());

  const Work work = c->work();
  const bool flops = work.metric == Metric::flops;
  // A rate counter: shown as "GFLOP=12.3/s" (or "GB=..."), i.e. GFLOP/s and GB/s.
  state.counters[flops ? "GFLOP" : "GB"] =
      benchmark::Counter(work.amount / 1e9, benchmark::Counter::kIsIterationInvariantRate);
  if (s.probe && (!flops || s.probe->dtype == s.dtype)) {  // the FMA peak was probed for one dtype
    const double peak = flops ? s.probe->fma_peak(s.run.threads) : s.probe->copy_bandwidth(s.run.threads);
    if (peak > 0) state.counters["%peak"] = 100.0 * work.amount / 1e9 / per_call / peak;
  }
  auto& refs = reference_seconds();
  if (s.run.reference) refs[case_key(s)] = per_call;
  if (const auto it = refs.find(case_key(s)); it != refs.end()) {
    state.counters["ref_s"] = it->second;  // shown with SI prefixes: ref_s=30.1u is 30.1 us
    state.counters["x_ref"] = it->second / per_call;
  }
  state.SetLabel(summarize(s.layer));
}

void register_one(const std::shared_ptr<CaseSpec>& spec) {
  const std::string name = std::string(to_string(spec->op)) + "/" + spec->run.variant + "/" + spec->layer.name + "/" +
                           to_string(spec->dtype) + "/threads:" + std::to_string(spec->run.threads);
  auto* b = benchmark::RegisterBenchmark(name.c_str(), [spec](benchmark::State& state) { run_case(state, *spec); });
  if (spec->run.threading != Threading::serial) b->UseRealTime();
  b->Unit(benchmark::kMicrosecond);  // one unit for all: the ladder reads down a column
}

}  // namespace

int register_cases(const GbenchFlags& flags, const MachineProbe* probe) {
  const std::vector<Layer> layers = load_shapes(flags.shapes);
  const Context base;
  int registered = 0;
  for (DType dtype : flags.dtypes) {
    for (OpId op : all_ops()) {
      const RunPlan plan = plan_runs(op, dtype, base, flags.threads, nullptr);
      for (const Layer& layer : layers) {
        const auto ops = ops_of(layer);
        if (std::find(ops.begin(), ops.end(), op) == ops.end()) continue;
        for (const PlannedRun& run : plan.runs) {
          // A variant the settings exclude still gets one (skipped) case per thread count, so
          // the names are the same on every machine.
          std::vector<int> counts{run.threads};
          if (!run.runnable && run.threading != Threading::serial) counts = flags.threads;
          if (!run.runnable && run.threading == Threading::serial) counts = {1};
          for (int t : counts) {
            auto spec = std::make_shared<CaseSpec>(CaseSpec{layer, op, dtype, run, probe});
            spec->run.threads = t;
            register_one(spec);
            ++registered;
          }
        }
      }
    }
  }
  return registered;
}

}  // namespace cnnkit::bench

// The thread plan query's machinery: pick the variant dispatch would run at a thread count, ask
// its split how it cuts the problem, and simulate core::parallel_for's dynamic schedule on it.
#pragma once

#include <string>
#include <vector>

#include "cnnkit/context.hpp"
#include "cnnkit/thread_plan.hpp"
#include "core/registry.hpp"
#include "core/select_variant.hpp"
#include "core/thread_split.hpp"
#include "ops/op_lists.hpp"

namespace cnnkit::core {

// Fills plan.{team, tiles, grain, chunks, tile_work_*, thread_work, load_balance} for `split` on
// plan.threads threads: chunks as chunk_count cuts them, each claimed in order by the thread
// that is free first (the lowest index on ties), which is what ChunkClaims does when every
// thread runs at the same speed.
void simulate_dynamic_schedule(const ThreadSplit& split, ThreadPlan& plan);

// A one-thread plan (a serial variant, or one thread asked for): one tile, balance 1.
void fill_serial_plan(ThreadPlan& plan);

template <class Op, class T>
ThreadPlan plan_threads(const typename Op::Problem& problem, const Context& ctx, int threads) {
  Context at(ctx);
  at.set_num_threads(threads);
  const Exec exec{at.threading(), threads};
  std::vector<Declined> declined;
  const auto list = variants_of<Op, T>();
  const Variant<Op, T>& v = select_variant<Op, T>(list, problem, at, exec, &declined);
  ThreadPlan plan;
  plan.variant = v.name;
  plan.threading = v.threading;
  plan.threads = threads;
  if (v.threading == Threading::serial || !v.split) {
    // Why the chosen variant's own threaded siblings (its name + ".omp" / ".tbb") declined.
    for (const Declined& d : declined)
      if (std::string(d.name) == std::string(v.name) + ".omp" || std::string(d.name) == std::string(v.name) + ".tbb") {
        plan.note = std::string(d.name) + ": " + d.reason;
        break;
      }
    // A threaded entry without a split runs threads the query cannot see yet: say so, rather
    // than call it serial.
    if (plan.note.empty())
      plan.note = v.threading != Threading::serial
                      ? std::string(v.name) + " does not publish its split yet: planned as one tile"
                      : std::string(v.name) + " has no threaded sibling for this problem";
    fill_serial_plan(plan);
    return plan;
  }
  const Exec run_exec{exec.policy, threads, !ctx.forced_variant(Op::id).empty()};
  simulate_dynamic_schedule(v.split(problem, run_exec, true), plan);
  return plan;
}

}  // namespace cnnkit::core

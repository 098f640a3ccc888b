#include "core/thread_plan.hpp"

#include <algorithm>
#include <vector>

#include "core/schedule_simulation.hpp"
#include "core/threading.hpp"

namespace cnnkit::core {

void fill_serial_plan(ThreadPlan& plan) {
  plan.team = 1;
  plan.unit = plan.unit.empty() ? "the whole problem" : plan.unit;
  plan.tiles = plan.grain = plan.chunks = 1;
  plan.tile_work_min = plan.tile_work_max = 1;
  plan.thread_work.assign(static_cast<std::size_t>(std::max(1, plan.threads)), 0.0);
  plan.thread_work[0] = 1;
  plan.load_balance = 1.0 / std::max(1, plan.threads);
}

void simulate_dynamic_schedule(const ThreadSplit& split, ThreadPlan& plan) {
  const int threads = std::max(1, plan.threads);
  plan.unit = split.unit;
  plan.tiles = split.items;
  plan.grain = split.grain;
  plan.chunk_work = split.chunk_work;
  const bool weighted = static_cast<std::int64_t>(split.item_work.size()) == split.items;
  const auto item = [&](std::int64_t i) { return weighted ? split.item_work[static_cast<std::size_t>(i)] : 1.0; };
  plan.tile_work_min = plan.tile_work_max = split.items > 0 ? item(0) : 0;
  for (std::int64_t i = 1; i < split.items; ++i) {
    plan.tile_work_min = std::min(plan.tile_work_min, item(i));
    plan.tile_work_max = std::max(plan.tile_work_max, item(i));
  }
  std::vector<ThreadLoad> loads(static_cast<std::size_t>(threads));
  const SimulatedSchedule s = simulate_schedule(split.items, threads, split.grain, split.chunk_work, item, loads);
  plan.chunks = s.chunks;
  plan.team = s.team;
  plan.load_balance = s.load_balance;
  plan.thread_work.assign(static_cast<std::size_t>(threads), 0.0);
  for (int t = 0; t < s.team; ++t) {
    const auto& [work, thread] = loads[static_cast<std::size_t>(t)];
    plan.thread_work[static_cast<std::size_t>(thread)] = work;
  }
}

}  // namespace cnnkit::core

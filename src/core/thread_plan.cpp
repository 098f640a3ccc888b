#include "core/thread_plan.hpp"

#include <algorithm>
#include <numeric>

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
  plan.chunks = chunk_count(split.items, threads, split.grain);
  plan.team = static_cast<int>(std::min<std::int64_t>(threads, std::max<std::int64_t>(1, plan.chunks)));
  const bool weighted = static_cast<std::int64_t>(split.item_work.size()) == split.items;
  const auto item = [&](std::int64_t i) { return weighted ? split.item_work[static_cast<std::size_t>(i)] : 1.0; };
  plan.tile_work_min = plan.tile_work_max = split.items > 0 ? item(0) : 0;
  for (std::int64_t i = 1; i < split.items; ++i) {
    plan.tile_work_min = std::min(plan.tile_work_min, item(i));
    plan.tile_work_max = std::max(plan.tile_work_max, item(i));
  }
  // parallel_for runs one chunk inline when a single thread or a single chunk is left.
  const std::int64_t chunks = plan.team <= 1 ? std::min<std::int64_t>(1, plan.chunks) : plan.chunks;
  plan.thread_work.assign(static_cast<std::size_t>(threads), 0.0);
  for (std::int64_t c = 0; c < chunks; ++c) {
    const std::int64_t b = chunks == 1 ? 0 : share_begin(split.items, chunks, c);
    const std::int64_t e = chunks == 1 ? split.items : share_begin(split.items, chunks, c + 1);
    double work = split.chunk_work;
    for (std::int64_t i = b; i < e; ++i) work += item(i);
    auto free_first = std::min_element(plan.thread_work.begin(), plan.thread_work.begin() + plan.team);
    *free_first += work;
  }
  const double total = std::accumulate(plan.thread_work.begin(), plan.thread_work.end(), 0.0);
  const double most = *std::max_element(plan.thread_work.begin(), plan.thread_work.end());
  plan.load_balance = most > 0 ? total / threads / most : 1.0;
}

}  // namespace cnnkit::core

// The dynamic schedule's outcome when every thread runs at the same speed: parallel_for's chunks
// (chunk_count), each claimed in order by the least loaded thread (the lowest index on ties),
// which is what ChunkClaims does then. One implementation for its two readers: the thread plan
// query (thread_plan.cpp) and the conv2d tile-cut search, which runs it on threaded calls' hot
// path, so it allocates nothing and keeps the loads in a heap (chunks x log threads).
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <span>
#include <utility>

#include "core/threading.hpp"

namespace cnnkit::core {

using ThreadLoad = std::pair<double, int>;  // (work, thread)

struct SimulatedSchedule {
  std::int64_t chunks = 0;  // what parallel_for hands out (1 when it runs inline)
  int team = 1;             // threads that get work
  double load_balance = 1;  // mean (over all `threads`) / max of the threads' work
};

// `item_work(i)`: the cost of item i; `chunk_work`: what each chunk pays first. `loads` needs
// min(threads, chunk_count) entries; on return loads[0, team) hold each working thread's
// (work, thread index), in no particular order.
template <class ItemWork>
SimulatedSchedule simulate_schedule(std::int64_t items, int threads, std::int64_t grain, double chunk_work,
                                    ItemWork&& item_work, std::span<ThreadLoad> loads) {
  threads = std::max(1, threads);
  SimulatedSchedule s;
  s.chunks = chunk_count(items, threads, grain);
  s.team = static_cast<int>(std::min<std::int64_t>(threads, std::max<std::int64_t>(1, s.chunks)));
  // parallel_for runs one chunk inline when a single thread or a single chunk is left.
  if (s.team <= 1) s.chunks = std::min<std::int64_t>(1, s.chunks);
  const auto first = loads.begin(), last = loads.begin() + s.team;
  for (int t = 0; t < s.team; ++t) loads[static_cast<std::size_t>(t)] = {0.0, t};
  double total = 0, most = 0;
  for (std::int64_t c = 0; c < s.chunks; ++c) {
    double work = chunk_work;
    for (std::int64_t i = share_begin(items, s.chunks, c), e = share_begin(items, s.chunks, c + 1); i < e; ++i)
      work += item_work(i);
    std::pop_heap(first, last, std::greater<>());  // the least loaded, lowest index on ties
    ThreadLoad& free = *(last - 1);
    free.first += work;
    most = std::max(most, free.first);
    std::push_heap(first, last, std::greater<>());
    total += work;
  }
  s.load_balance = most > 0 ? total / threads / most : 1.0;
  return s;
}

}  // namespace cnnkit::core

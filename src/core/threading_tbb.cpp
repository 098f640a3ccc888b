// The only translation unit that includes oneTBB. Each thread count gets its own task_arena
// (created once, kept for the process), so a call's concurrency never depends on, or changes,
// the caller's arena or tbb::global_control.
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <map>
#include <memory>
#include <mutex>

#include "core/threading.hpp"

namespace cnnkit::core {
namespace {

tbb::task_arena& arena_for(int num_threads) {
  static std::mutex mutex;
  static std::map<int, std::unique_ptr<tbb::task_arena>> arenas;
  std::lock_guard<std::mutex> lock(mutex);
  auto& arena = arenas[num_threads];
  if (!arena) arena = std::make_unique<tbb::task_arena>(num_threads);
  return *arena;
}

}  // namespace

int default_threads_tbb() { return tbb::this_task_arena::max_concurrency(); }

void parallel_for_tbb(int num_threads, std::int64_t count, RangeBody body) {
  const int parts = static_cast<int>(std::min<std::int64_t>(num_threads, count));
  arena_for(parts).execute([&] {
    tbb::parallel_for(
        0, parts,
        [&](int part) {
          const auto [begin, end] = static_range(count, parts, part);
          if (begin < end) body(begin, end);
        },
        tbb::static_partitioner());
  });
}

}  // namespace cnnkit::core

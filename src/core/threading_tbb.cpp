// The only translation unit that includes oneTBB. Each thread count gets its own task_arena
// (created once, kept for the process), so a call's concurrency never depends on, or changes,
// the caller's arena or tbb::global_control.
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <atomic>
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
  // oneTBB orders the caller's writes before every part and every part before execute() returns,
  // but inside libtbb, which ThreadSanitizer does not see (Debian's build is not instrumented).
  // These two atomics state the same order where it can: without them a part run by another
  // caller's thread (calls from several threads share an arena) reads as a race. Two atomic
  // operations per part.
  std::atomic<bool> published{false};
  std::atomic<int> finished{0};
  published.store(true, std::memory_order_release);
  arena_for(parts).execute([&] {
    tbb::parallel_for(
        0, parts,
        [&](int part) {
          (void)published.load(std::memory_order_acquire);
          const auto [begin, end] = static_range(count, parts, part);
          if (begin < end) body(begin, end);
          finished.fetch_add(1, std::memory_order_release);
        },
        tbb::static_partitioner());
  });
  (void)finished.load(std::memory_order_acquire);
}

}  // namespace cnnkit::core

// The only translation unit that includes oneTBB. Each team size gets its own task_arena
// (created once, kept for the process), so a call's concurrency never depends on, or changes,
// the caller's arena or tbb::global_control. The team's parts are tasks of one parallel_for with
// the simple partitioner: the calling thread runs a part itself and, when it runs out of chunks,
// runs any part no worker has taken yet (which finds no chunk left and returns at once), so it
// never waits for a worker that has not started. It still waits for a worker in the middle of
// a chunk; late_thread_governor.hpp handles workers the scheduler keeps off their core.
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "core/chunk_claims.hpp"
#include "core/late_thread_governor.hpp"
#include "core/part_records.hpp"
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

void parallel_for_tbb(int team, std::int64_t count, std::int64_t chunks, RangeBody body) {
  ChunkClaims claims(count, chunks, body);
  PartRecords records(team);
  const std::thread::id caller = std::this_thread::get_id();
  // oneTBB orders the caller's writes before every part and every part before execute() returns,
  // but inside libtbb, which ThreadSanitizer does not see (Debian's build is not instrumented).
  // These two atomics state the same order where it can: without them a part run by another
  // caller's thread (calls from several threads share an arena) reads as a race. Two atomic
  // operations per part.
  std::atomic<bool> published{false};
  std::atomic<int> finished{0};
  const std::int64_t start = wall_now_ns();
  published.store(true, std::memory_order_release);
  arena_for(team).execute([&] {
    tbb::parallel_for(
        0, team,
        [&](int part) {
          (void)published.load(std::memory_order_acquire);
          claims.run_part(part, std::this_thread::get_id() == caller, records[part]);
          finished.fetch_add(1, std::memory_order_release);
        },
        tbb::simple_partitioner());
  });
  (void)finished.load(std::memory_order_acquire);
  report_team_call(Threading::tbb, start, records.first(team));
}

}  // namespace cnnkit::core

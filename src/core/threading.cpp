#include "core/threading.hpp"

#include <time.h>

#include <algorithm>
#include <atomic>
#include <chrono>

#include "core/chunk_claims.hpp"
#include "core/late_thread_governor.hpp"

namespace cnnkit::core {
namespace {
std::atomic<ChunkHook> g_chunk_hook{nullptr};
thread_local TeamNote g_team_note;
}  // namespace

void begin_team_note() { g_team_note = TeamNote{}; }
TeamNote team_note() { return g_team_note; }

void set_chunk_hook(ChunkHook hook) { g_chunk_hook.store(hook, std::memory_order_relaxed); }
ChunkHook chunk_hook() { return g_chunk_hook.load(std::memory_order_relaxed); }

std::int64_t wall_now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::int64_t thread_cpu_now_ns() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

int resolve_num_threads(Threading kind, const Exec& exec) {
  if (kind == Threading::serial) return 1;
  if (exec.num_threads > 0) return exec.num_threads;
  const int n = kind == Threading::openmp ? default_threads_openmp() : default_threads_tbb();
  return std::max(1, n);
}

void parallel_for(Threading kind, int num_threads, std::int64_t count, RangeBody body, std::int64_t grain) {
  if (count <= 0) return;
  const std::int64_t chunks = kind == Threading::serial ? 1 : chunk_count(count, num_threads, grain);
  const int wanted = static_cast<int>(std::min<std::int64_t>(num_threads, chunks));
  const int team = wanted >= 2 ? governed_team(kind, wanted) : wanted;
  if (kind != Threading::serial && num_threads >= 2) {  // serial drivers share this call
    g_team_note.asked = std::max(g_team_note.asked, num_threads);
    g_team_note.used = std::max(g_team_note.used, std::max(1, team));
  }
  if (team < wanted) {
    ++g_team_note.capped_calls;
    g_team_note.capped_kind = kind;
  }
  if (team <= 1) {
    body(0, count);
    return;
  }
  if (kind == Threading::openmp)
    parallel_for_openmp(team, count, chunks, body);
  else
    parallel_for_tbb(team, count, chunks, body);
}

}  // namespace cnnkit::core

// The threading layer: the only way variants use threads. Two runtimes live in the same binary
// (OpenMP in threading_openmp.cpp, oneTBB in threading_tbb.cpp); kernels never include omp.h or
// TBB headers.
//
// Scheduling is dynamic: [0, count) is cut into at most kChunksPerThread chunks per thread
// (chunk_count), and the threads of the team claim chunks in order from one shared counter
// (chunk_claims.hpp) until none are left. A thread that runs takes the work of one that is late
// or descheduled, so a call no longer waits for the slowest thread's whole share. Which thread
// runs which chunk varies, so bodies must write disjoint outputs per index (every variant's
// tiles do); reductions that must be bitwise reproducible partition by a fixed chunk size of
// their own, not by the thread count or these chunks (see fixed_chunks), and combine in order.
//
// OpenMP joins its whole team at the end of a parallel region, so a descheduled OpenMP thread
// still holds the call up even when it has no chunk left: late_thread_governor.hpp notices such
// calls and runs the next ones with the threads that were on time (docs/threading.md).
#pragma once

#include <algorithm>
#include <cstdint>
#include <utility>

#include "cnnkit/dispatch.hpp"
#include "core/function_ref.hpp"
#include "core/registry.hpp"

namespace cnnkit::core {

using RangeBody = FunctionRef<void(std::int64_t begin, std::int64_t end)>;

// Threads a variant of this kind runs with: exec.num_threads, or the runtime's default when that
// is 0 (omp_get_max_threads() / the current task arena's concurrency). Always >= 1; serial -> 1.
int resolve_num_threads(Threading kind, const Exec& exec);

// Where share `index` of `parts` contiguous shares of [0, count) begins (index = parts: count);
// shares differ in size by at most one. parts > 0, 0 <= index <= parts; nothing overflows.
constexpr std::int64_t share_begin(std::int64_t count, std::int64_t parts, std::int64_t index) {
  const std::int64_t extra = count % parts;
  return index * (count / parts) + (index < extra ? index : extra);
}

// The part of [0, count) that part `index` of `parts` owns: contiguous, sizes differ by <= 1.
constexpr std::pair<std::int64_t, std::int64_t> static_range(std::int64_t count, int parts, int index) {
  return {share_begin(count, parts, index), share_begin(count, parts, index + 1)};
}

// Chunks per thread of the dynamic schedule. More chunks let running threads absorb more of a
// late one's work and even out unequal items; fewer keep each chunk's setup (a band fill, a
// ring warm-up) amortised and its run of indices contiguous. With 4, a thread that starts late
// or holds one chunk delays the call by at most a quarter of its static share, and a split of
// equal items balances to within one chunk; variants whose chunks carry a setup cost raise the
// grain instead (ThreadSplit::grain).
inline constexpr int kChunksPerThread = 4;

// How many chunks parallel_for cuts [0, count) into for `threads` threads: at most
// kChunksPerThread per thread, at least `grain` items each (when count allows), at least 1 -
// except that up to twice that many items stay one chunk each: cutting 98 items into 64 chunks
// of one or two items leaves the schedule uneven chunks (0.77 of perfect balance on 16 threads)
// where 98 single items balance to 0.88. Chunk c is share c of that many contiguous shares.
constexpr std::int64_t chunk_count(std::int64_t count, int threads, std::int64_t grain) {
  if (count <= 0) return 0;
  const std::int64_t by_grain = std::max<std::int64_t>(1, count / std::max<std::int64_t>(1, grain));
  const std::int64_t by_threads = static_cast<std::int64_t>(std::max(1, threads)) * kChunksPerThread;
  return std::min(count <= 2 * by_threads ? count : by_threads, by_grain);
}

// Calls body(begin, end) once per chunk of [0, count) (chunk_count with `grain`), on up to
// num_threads threads of the given runtime, each thread claiming the next unclaimed chunk.
// Runs inline (one call, [0, count)) when num_threads <= 1, count <= 1 or there is one chunk.
// The body must not throw. Safe inside an outer OpenMP region or TBB task (an inner OpenMP
// region then runs with the threads the runtime grants, possibly one).
void parallel_for(Threading kind, int num_threads, std::int64_t count, RangeBody body, std::int64_t grain = 1);

// What the calling thread's parallel_for calls did since begin_team_note(), for the verbose log:
// the most threads asked for and used, and how many calls the late-thread governor shrank.
struct TeamNote {
  int asked = 0;
  int used = 0;
  int capped_calls = 0;
  Threading capped_kind = Threading::serial;  // the runtime of the last shrunk call
};
void begin_team_note();
TeamNote team_note();

// Runtime entry points behind parallel_for: `team` threads claim `chunks` chunks of [0, count).
void parallel_for_openmp(int team, std::int64_t count, std::int64_t chunks, RangeBody body);
void parallel_for_tbb(int team, std::int64_t count, std::int64_t chunks, RangeBody body);
int default_threads_openmp();
int default_threads_tbb();

// Number of chunks of `chunk` items covering `count` items. Reductions that must not depend on the
// thread count compute one partial per chunk and combine the partials in chunk order.
// Written without count + chunk - 1, which would overflow for counts near INT64_MAX.
constexpr std::int64_t fixed_chunks(std::int64_t count, std::int64_t chunk) {
  return count / chunk + (count % chunk != 0);
}

}  // namespace cnnkit::core

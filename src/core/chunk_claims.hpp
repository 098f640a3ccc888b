// The dynamic schedule's shared state and the loop every thread of a parallel_for team runs:
// claim the next chunk from one atomic counter, run it, repeat until none is left. Both runtimes
// use it, so OpenMP and oneTBB hand out chunks the same way (and thread_plan.cpp simulates
// exactly this order). Each part (a team thread's turn) also records when it started, when it
// ran out of chunks and how much CPU time it got, which late_thread_governor.hpp reads.
#pragma once

#include <atomic>
#include <cstdint>

#include "core/threading.hpp"

namespace cnnkit::core {

// A test hook called before each chunk a part runs (part index, whether the part runs on the
// calling thread, the chunk). Tests use it to delay one worker; null (the default) costs one
// relaxed load per chunk. Set it only while no parallel_for is running.
using ChunkHook = void (*)(int part, bool on_caller, std::int64_t chunk);
void set_chunk_hook(ChunkHook hook);
ChunkHook chunk_hook();

// Monotonic wall time and this thread's CPU time, in nanoseconds.
std::int64_t wall_now_ns();
std::int64_t thread_cpu_now_ns();

// What one part did in one call. One cache line each: a part writes its record at its start and
// end while the others run, and records sharing a line would bounce it between their cores.
struct alignas(64) PartRecord {
  std::int64_t start_ns = 0;  // wall time the part began
  std::int64_t end_ns = 0;    // wall time it found no chunk left
  std::int64_t cpu_ns = 0;    // CPU time the thread got in between (0 on the caller: not measured)
  std::int64_t chunks = 0;    // chunks it ran
  bool on_caller = false;     // it ran on the thread that called parallel_for
  bool ran = false;           // it ran at all (a part the runtime never started stays false)
};

class ChunkClaims {
 public:
  ChunkClaims(std::int64_t count, std::int64_t chunks, RangeBody body) : count_(count), chunks_(chunks), body_(body) {}

  // Runs chunks until none is left, recording into `record`.
  void run_part(int part, bool on_caller, PartRecord& record) {
    const ChunkHook hook = chunk_hook();
    record.on_caller = on_caller;
    record.start_ns = wall_now_ns();
    // The governor never judges the calling thread, so only workers pay for the CPU clock (a
    // system call, ~0.2 us).
    const std::int64_t cpu0 = on_caller ? 0 : thread_cpu_now_ns();
    std::int64_t ran = 0;
    for (;;) {
      // Relaxed is enough for the claim itself: chunks are disjoint, and the runtime's join (the
      // region's barrier / the task wait) orders every body's writes before the caller returns.
      const std::int64_t chunk = next_.fetch_add(1, std::memory_order_relaxed);
      if (chunk >= chunks_) break;
      if (hook) hook(part, on_caller, chunk);
      body_(share_begin(count_, chunks_, chunk), share_begin(count_, chunks_, chunk + 1));
      ++ran;
    }
    record.cpu_ns = on_caller ? 0 : thread_cpu_now_ns() - cpu0;
    record.end_ns = wall_now_ns();
    record.chunks = ran;
    record.ran = true;
  }

 private:
  // The counter has a cache line of its own: every claim writes it, and the fields every claim
  // reads (count, chunks, body) would otherwise move between the cores with it.
  alignas(64) std::atomic<std::int64_t> next_{0};
  alignas(64) std::int64_t count_;
  std::int64_t chunks_;
  RangeBody body_;
};

}  // namespace cnnkit::core

// What every threaded pool2d variant shares: when a thread team is not worth starting, and how
// workers merge the bad-index positions they report.
#pragma once

#include <atomic>
#include <cstdint>

#include "core/registry.hpp"
#include "core/thread_gate.hpp"
#include "ops/pool2d/pool2d_problem.hpp"

namespace cnnkit::ops {

inline std::int64_t pool_elements(const NhwcShape& s) { return s.n * s.h * s.w * s.c; }

// Below this many elements (x plus y) a thread team's start-up costs more than it saves.
inline constexpr double kPoolThreadedMinElements = 1 << 16;

// nullptr for serial entries; else core::decline_threads' verdict for this problem's size.
template <Threading Th>
const char* pool_threads_decline(const Pool2dProblem& p, const core::Exec& exec) {
  if (Th == Threading::serial) return nullptr;
  return core::decline_threads(Th, exec, static_cast<double>(pool_elements(p.x) + pool_elements(p.y)),
                               kPoolThreadedMinElements, "problem too small for threads (< 64K elements)");
}

// Keeps the smallest reported position (-1: none) across workers.
inline void note_first_bad(std::atomic<std::int64_t>& bad, std::int64_t found) {
  if (found < 0) return;
  std::int64_t seen = bad.load(std::memory_order_relaxed);
  while ((seen < 0 || found < seen) && !bad.compare_exchange_weak(seen, found, std::memory_order_relaxed)) {
  }
}

}  // namespace cnnkit::ops

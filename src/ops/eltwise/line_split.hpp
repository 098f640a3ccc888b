// The thread split of the streaming ops (relu, pad): an output of `count` elements is cut into
// its 64-byte cache lines (the first part is the run up to y's first line boundary), and
// core::parallel_for hands each thread a contiguous run of lines. So every line of y is written
// by exactly one thread: non-temporal stores fill whole lines in one write-combining buffer and
// no two threads store into one line (no false sharing). Element-wise ops give the same bits
// whatever the split, so every thread count matches the serial run.
#pragma once

#include <algorithm>
#include <cstdint>

#include "core/threading.hpp"

namespace cnnkit::ops {

inline constexpr std::int64_t kCacheLineBytes = 64;

// Calls body(begin, end) with element ranges of [0, count) on `threads` threads of runtime `kind`
// (inline for one thread). y must be element-aligned.
template <class T, class Body>
void for_each_line_range(Threading kind, int threads, const T* y, std::int64_t count, Body&& body) {
  if (count <= 0) return;
  constexpr std::int64_t per_line = kCacheLineBytes / static_cast<std::int64_t>(sizeof(T));
  const auto address = reinterpret_cast<std::uintptr_t>(y);
  const auto misalignment = static_cast<std::int64_t>(address % kCacheLineBytes);
  const std::int64_t head =
      std::min(count, misalignment == 0 ? 0 : (kCacheLineBytes - misalignment) / static_cast<std::int64_t>(sizeof(T)));
  // Part 0 is the head (possibly empty); part k >= 1 is the k-th whole (or final partial) line.
  const std::int64_t parts = 1 + (count - head + per_line - 1) / per_line;
  const auto element = [&](std::int64_t part) { return part == 0 ? 0 : std::min(count, head + (part - 1) * per_line); };
  core::parallel_for(kind, threads, parts, [&](std::int64_t begin, std::int64_t end) {
    const std::int64_t first = element(begin), last = element(end);
    if (first < last) body(first, last);
  });
}

}  // namespace cnnkit::ops

// The thread split of the streaming ops (relu, pad, adam): an output of `count` elements is cut
// into its 64-byte cache lines (the first part is the run up to the output's first line
// boundary), and core::parallel_for hands each thread contiguous runs of lines. So every line of
// the output is written by exactly one thread: non-temporal stores fill whole lines in one
// write-combining buffer and no two threads store into one line (no false sharing). Element-wise
// ops give the same bits whatever the split, so every thread count matches the serial run.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>

#include "core/thread_split.hpp"
#include "core/threading.hpp"

namespace cnnkit::ops {

inline constexpr std::int64_t kCacheLineBytes = 64;
// The fewest bytes of output per chunk of the dynamic schedule: a claim and a kernel call cost
// tens of nanoseconds, 16 KiB take a core about a microsecond to stream, so the per-chunk cost
// stays a few percent at most. The smallest threaded problem (64K floats, 256 KiB) still gets
// 16 chunks, four per thread at four threads.
inline constexpr std::int64_t kLineChunkMinBytes = 16 * 1024;

// The split of `count` elements of T: part 0 is the head before the first line boundary, part k
// >= 1 the k-th line after it. The item count does not depend on the output's address (the head
// is empty when it is aligned, and then one more line part than needed is left empty), so the
// thread plan query, which has no pointers, reports what the driver runs. item_work stays empty
// (every line costs the same; the head and the last partial line are ignored).
// `describe`: also the unit text (the thread plan query's; drivers skip the string).
template <class T>
core::ThreadSplit line_split(std::int64_t count, bool describe = false) {
  constexpr std::int64_t per_line = kCacheLineBytes / static_cast<std::int64_t>(sizeof(T));
  core::ThreadSplit split;
  split.items = count <= 0 ? 0 : 1 + core::fixed_chunks(count, per_line);
  split.grain = kLineChunkMinBytes / kCacheLineBytes;
  if (describe) split.unit = "64-byte line of the output (" + std::to_string(per_line) + " elements)";
  return split;
}

// Calls body(begin, end) with non-empty element ranges of [0, count) on `threads` threads of
// runtime `kind` (inline for one thread), cut as line_split says. out must be element-aligned.
template <class T, class Body>
void for_each_line_range(Threading kind, int threads, const T* out, std::int64_t count, Body&& body) {
  if (count <= 0) return;
  constexpr std::int64_t per_line = kCacheLineBytes / static_cast<std::int64_t>(sizeof(T));
  const auto address = reinterpret_cast<std::uintptr_t>(out);
  const auto misalignment = static_cast<std::int64_t>(address % kCacheLineBytes);
  const std::int64_t head =
      std::min(count, misalignment == 0 ? 0 : (kCacheLineBytes - misalignment) / static_cast<std::int64_t>(sizeof(T)));
  const auto element = [&](std::int64_t part) { return part == 0 ? 0 : std::min(count, head + (part - 1) * per_line); };
  const core::ThreadSplit split = line_split<T>(count);
  core::parallel_for(
      kind, threads, split.items,
      [&](std::int64_t begin, std::int64_t end) {
        const std::int64_t first = element(begin), last = element(end);
        if (first < last) body(first, last);
      },
      split.grain);
}

}  // namespace cnnkit::ops

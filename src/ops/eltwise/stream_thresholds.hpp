// The measured size thresholds of the streaming ops (relu, pad), shared by their dispatch rules.
#pragma once

#include <cstdint>

namespace cnnkit::ops {

// Non-temporal stores pay once the pass's working set (inputs + output) no longer stays in the
// last-level cache between calls; below that, ordinary stores leave the output in cache for the
// next layer and win. Measured on a Zen 5 with 32 MiB of L3, one thread, repeated calls: relu
// forward (2 buffers) breaks even at 10 MiB of output (streaming +19% at 12 MiB, -25% at 8),
// relu backward (3 buffers) a little below 6 MiB: both near a working set of 5/8 of the L3.
inline constexpr std::int64_t kStreamMinWorkingSetBytes = std::int64_t{20} << 20;
inline constexpr const char* kStreamTooSmall =
    "working set too small for non-temporal stores (< 20 MiB: the output stays in cache)";

// Below this many output elements a thread team's start-up costs more than the pass: a fork and
// join takes a few microseconds, about what one thread needs for 64K floats from L2. (An
// estimate: on the shared two-core development machine, loaded by other builds, the second
// thread never paid off at any size from 16K to 256K elements.)
inline constexpr std::int64_t kEltwiseThreadsMinElements = std::int64_t{1} << 16;
inline constexpr const char* kEltwiseThreadsTooSmall = "problem too small for threads (< 64K elements)";

// In-place relu reads every output line before writing it, so streaming stores save no read for
// ownership there; measured on 64 MiB, one thread, forward 75 vs 82 GB/s with ordinary stores,
// backward even (61 vs 61). So the stream variants decline in place unless forced.
inline constexpr bool kReluStreamInPlace = false;

}  // namespace cnnkit::ops

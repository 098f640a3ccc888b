// The measured size thresholds of the streaming ops (relu, pad), shared by their dispatch rules.
#pragma once

#include <cstdint>

namespace cnnkit::ops {

// Outputs below this many bytes stay on ordinary stores unless a streaming variant is forced:
// a smaller output still fits the caches, and the next layer reads it from there.
inline constexpr std::int64_t kStreamMinBytes = std::int64_t{8} << 20;
inline constexpr const char* kStreamTooSmall = "output too small for non-temporal stores (< 8 MiB)";

// Below this many output elements a thread team's start-up costs more than the pass.
inline constexpr std::int64_t kEltwiseThreadsMinElements = std::int64_t{1} << 16;
inline constexpr const char* kEltwiseThreadsTooSmall = "problem too small for threads (< 64K elements)";

// In-place relu reads every output line before writing it; streaming stores were measured
// slower there, so the stream variants decline in place unless forced.
inline constexpr bool kReluStreamInPlace = false;

}  // namespace cnnkit::ops

// Channel-count rules the pool2d variants of several ops share: where a narrower ISA tier runs a
// problem faster than tier I, so an unforced entry of tier I passes it on.
#pragma once

#include "cnnkit/dispatch.hpp"
#include "ops/pool2d/pool2d_problem.hpp"
#include "simd/tier_lanes.hpp"

namespace cnnkit::ops {

// A pixel that is only a channel tail here but whole vectors on the next narrower tier (C = 8
// floats on avx512): that tier runs it 2-3x faster, no tail handling at all (pool2d_fwd and
// pool2d_bwd; pool2d_fwd_indices 1.9x).
template <Isa I, class T>
const char* pool_narrow_channels(const Pool2dProblem& p) {
  const std::int64_t c = p.x.c, lanes = simd::tier_lanes<I, T>();
  if (I != Isa::sse4_2 && c < lanes && c % (lanes / 2) == 0)
    return "a channel tail here, whole vectors on the next narrower tier";
  return nullptr;
}

// Fewer channels than half a vector: most lanes idle, and a narrower tier wastes fewer (the seeds'
// 3-channel max pool backward: sse4_2 1.5x faster than avx512; with indices, C = 1 and 3 run
// 1.2-1.5x faster forward and 1.5-7x backward on sse4_2 than on avx512).
template <Isa I, class T>
const char* pool_few_channels(const Pool2dProblem& p) {
  if (I != Isa::sse4_2 && 2 * p.x.c < simd::tier_lanes<I, T>())
    return "fewer channels than half a vector: a narrower tier is faster";
  return nullptr;
}

}  // namespace cnnkit::ops

// The "sliding" pool2d forward variants: few channels (C up to one vector of the tier), vectorised
// along each input row's w*C axis (kernels/pool_fwd_sliding.hpp). Kept apart from the channel-lane
// variants (pool2d_drivers, pool2d_tiers) so each family's kernels and rules live in one place.
#pragma once

#include <cstdint>

#include "cnnkit/dispatch.hpp"
#include "ops/pool2d/pool2d_problem.hpp"

namespace cnnkit::ops {

// The kernel computes every element position of a row (the dense path) while stride_w * C is
// under this many vectors, and one vector per output pixel beyond (kernels/pool_fwd_sliding.hpp).
inline constexpr std::int64_t kSlidingDenseVectors = 2;

// Output rows n*ho in order; threaded variants hand them out in chunks (pool_output_row_split).
template <Isa I, Threading Th, class T>
void pool2d_fwd_sliding(const Pool2dProblem& p, const T* x, T* y, const core::Exec& exec);

// Why a sliding variant of tier I passes: more channels than one vector (always), one vector of
// them at a stride past the dense path and whole vectors of a narrower tier (measured slower, see
// pool2d_sliding.cpp), and for threaded variants a problem too small for a thread team, or one thread.
template <Isa I, Threading Th, class T>
const char* pool2d_fwd_sliding_declines(const Pool2dProblem& p, const core::Exec& exec);

// What each tier translation unit (tiers/pool2d_sliding.<tier>.cpp) exports.
template <class T>
struct PoolSlidingKernels {
  void (*fwd_rows)(const Pool2dProblem&, const T* x, T* y, std::int64_t begin, std::int64_t end);
};

namespace tier_sse4_2 {
template <class T>
const PoolSlidingKernels<T>& pool_sliding_kernels();
}
namespace tier_avx2_fma {
template <class T>
const PoolSlidingKernels<T>& pool_sliding_kernels();
}
namespace tier_avx512 {
template <class T>
const PoolSlidingKernels<T>& pool_sliding_kernels();
}

}  // namespace cnnkit::ops

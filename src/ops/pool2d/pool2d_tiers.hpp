// What each ISA tier's translation unit (tiers/pool2d.<tier>.cpp) provides to the ISA-neutral
// pool2d drivers, as plain function pointers.
#pragma once

#include <cstdint>

#include "cnnkit/dispatch.hpp"
#include "ops/pool2d/pool2d_problem.hpp"

namespace cnnkit::ops {

template <class T>
struct PoolTierKernels {
  // Forward, items [begin, end) of n*ho output rows x `parts` column parts (kernels::pool_row_part);
  // stream: the output is large enough for streaming stores.
  void (*fwd_rows)(const Pool2dProblem&, const T* x, T* y, std::int64_t begin, std::int64_t end, std::int64_t parts,
                   bool stream);
  // Forward max with stride 1 along w, output rows [begin, end) of n*ho, as row maxes reused
  // across output rows (kernels/pool_fwd_separable.hpp).
  void (*fwd_separable_rows)(const Pool2dProblem&, const T* x, T* y, std::int64_t begin, std::int64_t end, bool stream);
  // Backward, the blocked schedule of dx rows [begin, end) of n*h (x is null for average pooling).
  void (*bwd_band)(const Pool2dProblem&, const T* x, const T* dy, T* dx, std::int64_t begin, std::int64_t end,
                   bool stream);
  // Backward, the plain loop nest over the whole problem.
  void (*bwd_plain)(const Pool2dProblem&, const T* x, const T* dy, T* dx);
};

// The kernels of a tier (sse4_2, avx2_fma or avx512). Only call when detected_isa() allows it.
template <class T>
const PoolTierKernels<T>& pool_tier_kernels(Isa isa);

namespace tier_sse4_2 {
template <class T>
const PoolTierKernels<T>& pool_kernels();
}
namespace tier_avx2_fma {
template <class T>
const PoolTierKernels<T>& pool_kernels();
}
namespace tier_avx512 {
template <class T>
const PoolTierKernels<T>& pool_kernels();
}

}  // namespace cnnkit::ops

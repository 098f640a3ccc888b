// What each ISA tier's translation unit (tiers/pool2d_indices.<tier>.cpp) provides to the
// ISA-neutral drivers of max pooling with saved indices, as plain function pointers.
#pragma once

#include <cstdint>

#include "cnnkit/dispatch.hpp"
#include "ops/pool2d/pool2d_problem.hpp"

namespace cnnkit::ops {

template <class T>
struct PoolIndicesTierKernels {
  // Forward with indices, items [begin, end) of n*ho output rows x `parts` column parts.
  void (*fwd_rows)(const Pool2dProblem&, const T* x, T* y, std::int32_t* indices, std::int64_t begin,
                   std::int64_t end, std::int64_t parts);
  // Backward from indices, the blocked schedule of dx rows [begin, end) of n*h; returns the smallest
  // flat position of an index outside its window that the band saw, or -1.
  std::int64_t (*bwd_band)(const Pool2dProblem&, const std::int32_t* indices, const T* dy, T* dx, std::int64_t begin,
                           std::int64_t end);
  // Backward from indices, the plain loop nest over the whole problem (same return).
  std::int64_t (*bwd_plain)(const Pool2dProblem&, const std::int32_t* indices, const T* dy, T* dx);
};

// The kernels of a tier (sse4_2, avx2_fma or avx512). Only call when detected_isa() allows it.
template <class T>
const PoolIndicesTierKernels<T>& pool_indices_tier_kernels(Isa isa);

namespace tier_sse4_2 {
template <class T>
const PoolIndicesTierKernels<T>& pool_indices_kernels();
}
namespace tier_avx2_fma {
template <class T>
const PoolIndicesTierKernels<T>& pool_indices_kernels();
}
namespace tier_avx512 {
template <class T>
const PoolIndicesTierKernels<T>& pool_indices_kernels();
}

}  // namespace cnnkit::ops

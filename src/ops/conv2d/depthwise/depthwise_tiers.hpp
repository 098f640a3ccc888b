// What each ISA tier's depthwise translation unit (tiers/depthwise.<tier>.cpp) provides to the
// ISA-neutral depthwise drivers: its lane count and its three kernels.
#pragma once

#include <cstdint>

#include "cnnkit/dispatch.hpp"
#include "ops/conv2d/conv2d_problem.hpp"

namespace cnnkit::ops {

template <class T>
struct DepthwiseTierKernels {
  int lanes;
  // Forward: y rows [begin, end) (row = n * ho + oh).
  void (*fwd_rows)(const Conv2dProblem&, const T* x, const T* w, const T* b, T* y, std::int64_t begin,
                   std::int64_t end);
  // Backward data: dx rows [begin, end) (row = n * h + ih).
  void (*bwd_data_rows)(const Conv2dProblem&, const T* dy, const T* w, T* dx, std::int64_t begin, std::int64_t end);
  // Backward weights: items [begin, end) of (row chunk, channel group) into per-chunk partials.
  void (*bwd_weights_items)(const Conv2dProblem&, const T* x, const T* dy, T* partials, std::int64_t begin,
                            std::int64_t end);
};

// The kernels of a tier (sse4_2, avx2_fma or avx512). Only call when detected_isa() allows it.
template <class T>
const DepthwiseTierKernels<T>& depthwise_tier_kernels(Isa isa);

namespace tier_sse4_2 {
template <class T>
const DepthwiseTierKernels<T>& depthwise_kernels();
}
namespace tier_avx2_fma {
template <class T>
const DepthwiseTierKernels<T>& depthwise_kernels();
}
namespace tier_avx512 {
template <class T>
const DepthwiseTierKernels<T>& depthwise_kernels();
}

}  // namespace cnnkit::ops

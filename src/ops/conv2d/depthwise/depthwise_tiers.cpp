#include "ops/conv2d/depthwise/depthwise_tiers.hpp"

#include "simd/tier_table.hpp"

namespace cnnkit::ops {

template <class T>
const DepthwiseTierKernels<T>& depthwise_tier_kernels(Isa isa) {
  return simd::pick_tier_kernels<DepthwiseTierKernels<T>>(isa, &tier_sse4_2::depthwise_kernels<T>,
                                                          &tier_avx2_fma::depthwise_kernels<T>,
                                                          &tier_avx512::depthwise_kernels<T>);
}

template const DepthwiseTierKernels<float>& depthwise_tier_kernels<float>(Isa);
template const DepthwiseTierKernels<double>& depthwise_tier_kernels<double>(Isa);

}  // namespace cnnkit::ops

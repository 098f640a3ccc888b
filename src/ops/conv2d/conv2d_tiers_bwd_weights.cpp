#include "ops/conv2d/conv2d_tiers_bwd_weights.hpp"

#include "ops/conv2d/conv2d_tiers.hpp"

namespace cnnkit::ops {

template <class T>
const ConvBwdWeightsTierKernels<T>& conv_bwd_weights_tier_kernels(Isa isa) {
  return pick_tier_kernels<ConvBwdWeightsTierKernels<T>>(isa, &tier_sse4_2::conv_bwd_weights_kernels<T>,
                                                         &tier_avx2_fma::conv_bwd_weights_kernels<T>,
                                                         &tier_avx512::conv_bwd_weights_kernels<T>);
}

template const ConvBwdWeightsTierKernels<float>& conv_bwd_weights_tier_kernels<float>(Isa);
template const ConvBwdWeightsTierKernels<double>& conv_bwd_weights_tier_kernels<double>(Isa);

}  // namespace cnnkit::ops

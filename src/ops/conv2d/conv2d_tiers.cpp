#include "ops/conv2d/conv2d_tiers.hpp"

namespace cnnkit::ops {

template <class T>
const ConvTierKernels<T>& conv_tier_kernels(Isa isa) {
  return pick_tier_kernels<ConvTierKernels<T>>(isa, &tier_sse4_2::conv_kernels<T>, &tier_avx2_fma::conv_kernels<T>,
                                               &tier_avx512::conv_kernels<T>);
}

template const ConvTierKernels<float>& conv_tier_kernels<float>(Isa);
template const ConvTierKernels<double>& conv_tier_kernels<double>(Isa);

}  // namespace cnnkit::ops

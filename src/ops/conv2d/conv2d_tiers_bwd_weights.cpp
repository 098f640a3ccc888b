#include "ops/conv2d/conv2d_tiers_bwd_weights.hpp"

#include "cnnkit/error.hpp"

namespace cnnkit::ops {

template <class T>
const ConvBwdWeightsTierKernels<T>& conv_bwd_weights_tier_kernels(Isa isa) {
  switch (isa) {
    case Isa::sse4_2: return tier_sse4_2::conv_bwd_weights_kernels<T>();
    case Isa::avx2_fma: return tier_avx2_fma::conv_bwd_weights_kernels<T>();
    case Isa::avx512: return tier_avx512::conv_bwd_weights_kernels<T>();
    default:
      throw Error(Status::internal_error, "conv_bwd_weights_tier_kernels: no conv2d kernels for this ISA tier");
  }
}

template const ConvBwdWeightsTierKernels<float>& conv_bwd_weights_tier_kernels<float>(Isa);
template const ConvBwdWeightsTierKernels<double>& conv_bwd_weights_tier_kernels<double>(Isa);

}  // namespace cnnkit::ops

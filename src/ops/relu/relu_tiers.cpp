#include "ops/relu/relu_tiers.hpp"

namespace cnnkit::ops {

template <class T>
const ReluTierKernels<T>& relu_tier_kernels(Isa isa) {
  return simd::pick_tier_kernels<ReluTierKernels<T>>(isa, &tier_sse4_2::relu_kernels<T>,
                                                     &tier_avx2_fma::relu_kernels<T>, &tier_avx512::relu_kernels<T>);
}

template const ReluTierKernels<float>& relu_tier_kernels<float>(Isa);
template const ReluTierKernels<double>& relu_tier_kernels<double>(Isa);

}  // namespace cnnkit::ops

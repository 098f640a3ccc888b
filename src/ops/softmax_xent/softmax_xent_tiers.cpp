#include "ops/softmax_xent/softmax_xent_tiers.hpp"

namespace cnnkit::ops {

template <class T>
const SoftmaxXentTierKernels<T>& softmax_xent_tier_kernels(Isa isa) {
  return simd::pick_tier_kernels<SoftmaxXentTierKernels<T>>(isa, &tier_sse4_2::softmax_xent_kernels<T>,
                                                            &tier_avx2_fma::softmax_xent_kernels<T>,
                                                            &tier_avx512::softmax_xent_kernels<T>);
}

template const SoftmaxXentTierKernels<float>& softmax_xent_tier_kernels<float>(Isa);
template const SoftmaxXentTierKernels<double>& softmax_xent_tier_kernels<double>(Isa);

}  // namespace cnnkit::ops

#include "ops/pad/pad_tiers.hpp"

namespace cnnkit::ops {

template <class T>
const PadTierKernels<T>& pad_tier_kernels(Isa isa) {
  return simd::pick_tier_kernels<PadTierKernels<T>>(isa, &tier_sse4_2::pad_kernels<T>, &tier_avx2_fma::pad_kernels<T>,
                                                    &tier_avx512::pad_kernels<T>);
}

template const PadTierKernels<float>& pad_tier_kernels<float>(Isa);
template const PadTierKernels<double>& pad_tier_kernels<double>(Isa);

}  // namespace cnnkit::ops

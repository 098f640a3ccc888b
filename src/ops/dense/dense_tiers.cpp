#include "ops/dense/dense_tiers.hpp"

namespace cnnkit::ops {

template <class T>
const DenseTierKernels<T>& dense_tier_kernels(Isa isa) {
  return simd::pick_tier_kernels<DenseTierKernels<T>>(isa, &tier_sse4_2::dense_kernels<T>,
                                                      &tier_avx2_fma::dense_kernels<T>, &tier_avx512::dense_kernels<T>);
}

template const DenseTierKernels<float>& dense_tier_kernels<float>(Isa);
template const DenseTierKernels<double>& dense_tier_kernels<double>(Isa);

}  // namespace cnnkit::ops

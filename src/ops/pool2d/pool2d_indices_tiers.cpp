#include "ops/pool2d/pool2d_indices_tiers.hpp"

#include "simd/tier_table.hpp"

namespace cnnkit::ops {

template <class T>
const PoolIndicesTierKernels<T>& pool_indices_tier_kernels(Isa isa) {
  return simd::pick_tier_kernels<PoolIndicesTierKernels<T>>(isa, &tier_sse4_2::pool_indices_kernels<T>,
                                                            &tier_avx2_fma::pool_indices_kernels<T>,
                                                            &tier_avx512::pool_indices_kernels<T>);
}

template const PoolIndicesTierKernels<float>& pool_indices_tier_kernels<float>(Isa);
template const PoolIndicesTierKernels<double>& pool_indices_tier_kernels<double>(Isa);

}  // namespace cnnkit::ops

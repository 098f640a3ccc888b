#include "ops/pool2d/pool2d_tiers.hpp"

#include "simd/tier_table.hpp"

namespace cnnkit::ops {

template <class T>
const PoolTierKernels<T>& pool_tier_kernels(Isa isa) {
  return simd::pick_tier_kernels<PoolTierKernels<T>>(isa, &tier_sse4_2::pool_kernels<T>, &tier_avx2_fma::pool_kernels<T>,
                                                     &tier_avx512::pool_kernels<T>);
}

template const PoolTierKernels<float>& pool_tier_kernels<float>(Isa);
template const PoolTierKernels<double>& pool_tier_kernels<double>(Isa);

}  // namespace cnnkit::ops

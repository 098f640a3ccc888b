// What each ISA tier's translation unit (tiers/relu.<tier>.cpp) provides to the ISA-neutral relu
// drivers: the element-wise kernels over one contiguous span, with ordinary or non-temporal
// ("stream") stores. A stream kernel ends with a store fence, so its span is visible in order.
#pragma once

#include <cstdint>

#include "cnnkit/dispatch.hpp"
#include "simd/tier_table.hpp"

namespace cnnkit::ops {

template <class T>
struct ReluTierKernels {
  void (*fwd_simd)(const T* x, T* y, std::int64_t n);
  void (*fwd_stream)(const T* x, T* y, std::int64_t n);
  void (*bwd_simd)(const T* x, const T* dy, T* dx, std::int64_t n);
  void (*bwd_stream)(const T* x, const T* dy, T* dx, std::int64_t n);
};

// The kernels of a tier (sse4_2, avx2_fma or avx512). Only call when detected_isa() allows it.
template <class T>
const ReluTierKernels<T>& relu_tier_kernels(Isa isa);

namespace tier_sse4_2 {
template <class T>
const ReluTierKernels<T>& relu_kernels();
}
namespace tier_avx2_fma {
template <class T>
const ReluTierKernels<T>& relu_kernels();
}
namespace tier_avx512 {
template <class T>
const ReluTierKernels<T>& relu_kernels();
}

}  // namespace cnnkit::ops

// Loads and stores of the first n lanes of a vector (0 <= n <= lanes), for channel tails: they
// never touch memory past element n-1, so no buffer needs padding. AVX-512 and AVX2 use masked
// instructions; other tiers go through a small stack buffer. Lanes past n load as zero.
#pragma once

#include <immintrin.h>

#include <cstring>
#include <type_traits>
#include <xsimd/xsimd.hpp>

namespace cnnkit::simd {

template <class A, class T>
xsimd::batch<T, A> load_tail(const T* p, int n) {
  using B = xsimd::batch<T, A>;
  constexpr int L = static_cast<int>(B::size);
  if (n >= L) return B::load_unaligned(p);
#if XSIMD_WITH_AVX512BW
  if constexpr (std::is_same_v<A, xsimd::avx512bw>) {
    if constexpr (std::is_same_v<T, float>)
      return B(_mm512_maskz_loadu_ps(static_cast<__mmask16>((1u << n) - 1), p));
    else
      return B(_mm512_maskz_loadu_pd(static_cast<__mmask8>((1u << n) - 1), p));
  }
#endif
  alignas(64) T buffer[L] = {};
  if (n > 0) std::memcpy(buffer, p, static_cast<std::size_t>(n) * sizeof(T));
  return B::load_aligned(buffer);
}

template <class A, class T>
void store_tail(T* p, const xsimd::batch<T, A>& v, int n) {
  using B = xsimd::batch<T, A>;
  constexpr int L = static_cast<int>(B::size);
  if (n >= L) {
    v.store_unaligned(p);
    return;
  }
#if XSIMD_WITH_AVX512BW
  if constexpr (std::is_same_v<A, xsimd::avx512bw>) {
    if constexpr (std::is_same_v<T, float>)
      _mm512_mask_storeu_ps(p, static_cast<__mmask16>((1u << n) - 1), v);
    else
      _mm512_mask_storeu_pd(p, static_cast<__mmask8>((1u << n) - 1), v);
    return;
  }
#endif
  if (n <= 0) return;
  alignas(64) T buffer[L];
  v.store_aligned(buffer);
  std::memcpy(p, buffer, static_cast<std::size_t>(n) * sizeof(T));
}

}  // namespace cnnkit::simd

// exp(d) for the softmax's d = x - max <= 0 (or NaN), on every tier, float and double: xsimd
// 8.1's exp reduction and polynomial (Cody-Waite d = k ln2 + r; the same accuracy), with its own
// scaling by 2^k that underflows gradually as std::exp does: results below the smallest normal
// are subnormal (one rounding), not flushed to 0. The gradient multiplies e by sum(labels), which
// may be infinite: a flushed e would turn the reference's (subnormal * inf = inf) into 0 * inf = NaN.
// - AVX-512: one vscalef (float and double), which rounds into the subnormals itself.
// - below AVX-512: 2^k as one power of two when 2^k is normal (e * 2^k exact), else as two normal
//   powers 2^k1 * 2^k2 (k1 = floor(k/2)): e * 2^k1 is exact, the second product rounds once.
//   Each power is built from its exponent bits (k + 1.5 * 2^mantissa_bits holds k in its low
//   bits; shifted into the exponent field): xsimd converts doubles to int64 one lane at a time
//   below AVX-512 (3.7x slower than AVX-512 instead of 2x).
// d is clamped below where e^d is under half the smallest subnormal (0 either way), so -inf gives
// 0 (not inf - inf = NaN); the clamp keeps NaN (x86 max returns its second operand when either is NaN).
#pragma once

#include <immintrin.h>

#include <cstdint>
#include <cstring>
#include <type_traits>
#include <xsimd/xsimd.hpp>

namespace cnnkit::ops::kernels {

namespace softmax_exp_detail {

template <class B, class U>
B bits(U u) {
  typename B::value_type f;
  static_assert(sizeof f == sizeof u);
  std::memcpy(&f, &u, sizeof f);
  return B(f);
}

// 2^k for integral k with a normal result (k >= -126 float, -1022 double), k <= 0.
template <class A, class T>
xsimd::batch<T, A> pow2_normal(const xsimd::batch<T, A>& k) {
  using B = xsimd::batch<T, A>;
  constexpr std::size_t bytes = B::size * sizeof(T);
  if constexpr (std::is_same_v<T, float>) {
    const B biased = k + B(12582912.0f + 127.0f);  // 1.5 * 2^23 + bias
    if constexpr (bytes == 32)
      return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_castps_si256(biased), 23));
    else
      return _mm_castsi128_ps(_mm_slli_epi32(_mm_castps_si128(biased), 23));
  } else {
    const B biased = k + B(6755399441055744.0 + 1023.0);  // 1.5 * 2^52 + bias
    if constexpr (bytes == 32)
      return _mm256_castsi256_pd(_mm256_slli_epi64(_mm256_castpd_si256(biased), 52));
    else
      return _mm_castsi128_pd(_mm_slli_epi64(_mm_castpd_si128(biased), 52));
  }
}

// e * 2^k rounded once (subnormal results included); k integral in [2 * lowest normal exponent, 0].
template <class A, class T>
xsimd::batch<T, A> scale_pow2(const xsimd::batch<T, A>& e, const xsimd::batch<T, A>& k) {
  using B = xsimd::batch<T, A>;
  if constexpr (B::size * sizeof(T) == 64) {
#if XSIMD_WITH_AVX512F
    if constexpr (std::is_same_v<T, float>)
      return _mm512_scalef_ps(e, k);
    else
      return _mm512_scalef_pd(e, k);
#endif
  } else {
    // Results that stay normal (the common case: d above about -87 float, -708 double) take one
    // exact product, as xsimd's ldexp; the halving only for vectors with a lane below that.
    constexpr T kLowestNormalExponent = std::is_same_v<T, float> ? T(-126) : T(-1022);
    if (!xsimd::any(k < B(kLowestNormalExponent))) return e * pow2_normal<A, T>(k);
    const B k1 = xsimd::floor(k * B(T(0.5)));
    return (e * pow2_normal<A, T>(k1)) * pow2_normal<A, T>(k - k1);
  }
}

}  // namespace softmax_exp_detail

// Always inlined into the row loop: as a call (GCC's choice once the function grew past the
// vscalef path) it costs the AVX2 kernel a third of its speed (measured, softmax_16m).
template <class A, class T>
[[gnu::always_inline]] inline xsimd::batch<T, A> softmax_exp(const xsimd::batch<T, A>& d) {
  using B = xsimd::batch<T, A>;
  using softmax_exp_detail::bits;
  if constexpr (std::is_same_v<T, float>) {
    // Below -104, e^d is under half the smallest subnormal (e^-103.97).
    const B x = xsimd::max(B(-104.0f), d);
    const B k = xsimd::nearbyint(x * bits<B>(0x3fb8aa3bu));  // 1/ln2
    B r = xsimd::fnma(k, bits<B>(0x3f318000u), x);            // ln2 high part
    r = xsimd::fnma(k, bits<B>(0xb95e8083u), r);              // ln2 low part
    B y = xsimd::fma(bits<B>(0x3ab778cfu), r, bits<B>(0x3c098d8bu));
    y = xsimd::fma(y, r, bits<B>(0x3d2aa957u));
    y = xsimd::fma(y, r, bits<B>(0x3e2aa9a5u));
    y = xsimd::fma(y, r, bits<B>(0x3f000000u));
    const B e = xsimd::fma(y, r * r, r) + B(1.0f);
    return softmax_exp_detail::scale_pow2<A, T>(e, k);
  } else {
    // Below -746, e^d is under half the smallest subnormal (e^-745.13).
    const B x = xsimd::max(B(-746.0), d);
    const B k = xsimd::nearbyint(x * bits<B>(0x3ff71547652b82feull));  // 1/ln2
    const B hi = xsimd::fnma(k, bits<B>(0x3fe62e42fee00000ull), x), lo = k * bits<B>(0x3dea39ef35793c76ull);
    const B r = hi - lo, t = r * r;
    B p = xsimd::fma(bits<B>(0x3e66376972bea4d0ull), t, bits<B>(0xbebbbd41c5d26bf1ull));
    p = xsimd::fma(p, t, bits<B>(0x3f11566aaf25de2cull));
    p = xsimd::fma(p, t, bits<B>(0xbf66c16c16bebd93ull));
    p = xsimd::fma(p, t, bits<B>(0x3fc555555555553eull));
    const B c = xsimd::fnma(t, p, r);
    const B e = B(1.0) - (((lo - (r * c) / (B(2.0) - c)) - hi));
    return softmax_exp_detail::scale_pow2<A, T>(e, k);
  }
}

}  // namespace cnnkit::ops::kernels

// exp(d) for the softmax's d = x - max <= 0 (or NaN): xsimd 8.1's exp, with its reduction and
// polynomial (Cody-Waite d = k ln2 + r; the same accuracy), but a cheaper way to scale by 2^k:
// - float on AVX-512: one vscalefps instead of xsimd's integer ldexp and two range selects (a
//   third of the kernel's instructions). It underflows to 0 by itself; d is clamped below so -inf
//   gives 0 (not inf - inf = NaN), and the clamp keeps NaN (vmaxps returns its second operand
//   when either is NaN).
// - double below AVX-512: xsimd converts k to int64 one lane at a time there (AVX2 and SSE have no
//   such conversion): 3.7x slower than AVX-512 instead of 2x. 2^k is built from k's bits instead
//   (k + 1.5 * 2^52 holds k in its low mantissa bits; shifted into the exponent field). Results
//   below e^-708.39 (subnormal) are 0, as in xsimd.
#pragma once

#include <immintrin.h>

#include <cstdint>
#include <cstring>
#include <type_traits>
#include <xsimd/xsimd.hpp>

namespace cnnkit::ops::kernels {

template <class A, class T>
xsimd::batch<T, A> softmax_exp(const xsimd::batch<T, A>& d) {
#if XSIMD_WITH_AVX512F
  if constexpr (std::is_same_v<T, float> && xsimd::batch<T, A>::size == 16) {
    using B = xsimd::batch<float, A>;
    const auto bits = [](std::uint32_t u) {
      float f;
      std::memcpy(&f, &u, sizeof f);
      return B(f);
    };
    // Below -104, e^d is under half the smallest subnormal: 0 either way.
    const B x = _mm512_max_ps(B(-104.0f), d);
    const B k = _mm512_roundscale_ps(x * bits(0x3fb8aa3b), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);  // 1/ln2
    B r = xsimd::fnma(k, bits(0x3f318000), x);  // ln2 high part
    r = xsimd::fnma(k, bits(0xb95e8083), r);    // ln2 low part
    B y = xsimd::fma(bits(0x3ab778cf), r, bits(0x3c098d8b));
    y = xsimd::fma(y, r, bits(0x3d2aa957));
    y = xsimd::fma(y, r, bits(0x3e2aa9a5));
    y = xsimd::fma(y, r, bits(0x3f000000));
    const B e = xsimd::fma(y, r * r, r) + B(1.0f);
    return _mm512_scalef_ps(e, k);
  }
#endif
  if constexpr (std::is_same_v<T, double> && xsimd::batch<T, A>::size * sizeof(T) <= 32) {
    using B = xsimd::batch<double, A>;
    const auto bits = [](std::uint64_t u) {
      double f;
      std::memcpy(&f, &u, sizeof f);
      return B(f);
    };
    const B min_log(-708.3964185322641);
    const B x = xsimd::max(min_log, d);  // NaN stays NaN (second operand)
    const B k = xsimd::nearbyint(x * bits(0x3ff71547652b82feull));  // 1/ln2
    const B hi = xsimd::fnma(k, bits(0x3fe62e42fee00000ull), x), lo = k * bits(0x3dea39ef35793c76ull);
    const B r = hi - lo, t = r * r;
    B p = xsimd::fma(bits(0x3e66376972bea4d0ull), t, bits(0xbebbbd41c5d26bf1ull));
    p = xsimd::fma(p, t, bits(0x3f11566aaf25de2cull));
    p = xsimd::fma(p, t, bits(0xbf66c16c16bebd93ull));
    p = xsimd::fma(p, t, bits(0x3fc555555555553eull));
    const B c = xsimd::fnma(t, p, r);
    const B e = B(1.0) - (((lo - (r * c) / (B(2.0) - c)) - hi));
    // 2^k, k in [-1022, 0]: (k + 1023) << 52 read as a double.
    const B biased = k + B(6755399441055744.0 + 1023.0);
    B scale;
    if constexpr (sizeof(B) == 32)
      scale = _mm256_castsi256_pd(_mm256_slli_epi64(_mm256_castpd_si256(biased), 52));
    else
      scale = _mm_castsi128_pd(_mm_slli_epi64(_mm_castpd_si128(biased), 52));
    return xsimd::select(d < min_log, B(0.0), e * scale);
  }
  return xsimd::exp(d);
}

}  // namespace cnnkit::ops::kernels

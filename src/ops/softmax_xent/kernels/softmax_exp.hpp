// exp(d) for the softmax's d = x - max <= 0 (or NaN). Every tier uses xsimd::exp, except float on
// AVX-512: there the same reduction and polynomial as xsimd 8.1's float exp (Cody-Waite
// d = k ln2 + r, e^r = 1 + r + r^2 P(r), so the same accuracy) end in one vscalefps instead of
// xsimd's integer ldexp and two range selects, which took a third of the kernel's instructions.
// vscalefps underflows to 0 by itself; d is clamped below so -inf gives 0 (not inf - inf = NaN),
// and the clamp keeps NaN (vmaxps returns its second operand when either is NaN).
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
  return xsimd::exp(d);
}

}  // namespace cnnkit::ops::kernels

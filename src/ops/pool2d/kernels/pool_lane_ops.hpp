// The reference's max-pool rule (pool2d_window.hpp: replaces_max) on whole vectors, lane by lane, so every variant selects the same cell with the same bits:
// the first NaN of a window wins and sticks; otherwise larger wins and ties (e.g. -0 then +0)
// keep the earlier cell. Include only from tier translation units (*.<tier>.cpp).
#pragma once

#include <immintrin.h>

#include <type_traits>
#include <xsimd/xsimd.hpp>

namespace cnnkit::ops::kernels {

// The lanes where replaces_max(v, best) holds: best is not NaN and v is greater or NaN ("not
// less-or-equal, unordered" = v > best || either is NaN, masked by best being ordered).
template <class A, class T>
inline xsimd::batch_bool<T, A> replaces_max(const xsimd::batch<T, A>& best, const xsimd::batch<T, A>& v) {
  constexpr std::size_t bytes = xsimd::batch<T, A>::size * sizeof(T);
  if constexpr (bytes == 64) {
#if XSIMD_WITH_AVX512F
    if constexpr (std::is_same_v<T, float>)
      return _mm512_mask_cmp_ps_mask(_mm512_cmp_ps_mask(best, best, _CMP_ORD_Q), v, best, _CMP_NLE_UQ);
    else
      return _mm512_mask_cmp_pd_mask(_mm512_cmp_pd_mask(best, best, _CMP_ORD_Q), v, best, _CMP_NLE_UQ);
#endif
  } else if constexpr (bytes == 32) {
#if XSIMD_WITH_AVX
    if constexpr (std::is_same_v<T, float>)
      return _mm256_and_ps(_mm256_cmp_ps(v, best, _CMP_NLE_UQ), _mm256_cmp_ps(best, best, _CMP_ORD_Q));
    else
      return _mm256_and_pd(_mm256_cmp_pd(v, best, _CMP_NLE_UQ), _mm256_cmp_pd(best, best, _CMP_ORD_Q));
#endif
  } else {
    if constexpr (std::is_same_v<T, float>)
      return _mm_and_ps(_mm_cmpnle_ps(v, best), _mm_cmpord_ps(best, best));
    else
      return _mm_and_pd(_mm_cmpnle_pd(v, best), _mm_cmpord_pd(best, best));
  }
}

// replaces_max(v, best) ? v : best in every lane.
template <class A, class T>
inline xsimd::batch<T, A> max_step(const xsimd::batch<T, A>& best, const xsimd::batch<T, A>& v) {
  return xsimd::select(replaces_max<A, T>(best, v), v, best);
}

// The same step when neither value is NaN, in one instruction: x86 max(a, b) returns a > b ? a : b,
// so max(v, best) keeps best on ties (+-0 included). Callers prove the absence of NaN afterwards
// (nan_probe) and redo the window with max_step when that fails.
template <class A, class T>
inline xsimd::batch<T, A> max_step_ordered(const xsimd::batch<T, A>& best, const xsimd::batch<T, A>& v) {
  constexpr std::size_t bytes = xsimd::batch<T, A>::size * sizeof(T);
  if constexpr (bytes == 64) {
#if XSIMD_WITH_AVX512F
    // The all-lanes zero-masking form: GCC 12 flags the plain intrinsic's undefined pass-through.
    if constexpr (std::is_same_v<T, float>)
      return _mm512_maskz_max_ps(static_cast<__mmask16>(0xFFFF), v, best);
    else
      return _mm512_maskz_max_pd(static_cast<__mmask8>(0xFF), v, best);
#endif
  } else if constexpr (bytes == 32) {
#if XSIMD_WITH_AVX
    if constexpr (std::is_same_v<T, float>)
      return _mm256_max_ps(v, best);
    else
      return _mm256_max_pd(v, best);
#endif
  } else {
    if constexpr (std::is_same_v<T, float>)
      return _mm_max_ps(v, best);
    else
      return _mm_max_pd(v, best);
  }
}

// nan_sticky_add (pool2d_window.hpp) per lane: lanes whose running sum is NaN keep it, so two NaNs
// never meet in one add (where the operand order the compiler picked would choose the winner).
template <class A, class T>
inline xsimd::batch<T, A> sticky_add(const xsimd::batch<T, A>& sum, const xsimd::batch<T, A>& term) {
  return xsimd::select(xsimd::isnan(sum), sum, sum + term);
}

// A cheap NaN detector for a run of max_step_ordered steps: the sum of every tap is NaN if any
// tap is NaN (and, harmlessly, when +inf meets -inf: the caller then takes the exact path).
template <class A, class T>
inline bool any_nan(const xsimd::batch<T, A>& probe) {
  return xsimd::any(xsimd::isnan(probe));
}

}  // namespace cnnkit::ops::kernels

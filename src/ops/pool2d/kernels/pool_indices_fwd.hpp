// Max pooling forward with saved indices, vectorised across channels: the winner search of the
// x-based backward (pool_bwd_winners: the reference's rule per lane, the winning tap tracked as a
// T, exact while the window has at most 2^24 cells for float) over up to kPoolGroup windows of an
// output row at once; the winner's value is y, its tap becomes the plane index h * W + w at store.
// Include only from tier translation units (*.<tier>.cpp).
#pragma once

#include <immintrin.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <xsimd/xsimd.hpp>

#include "ops/pool2d/kernels/pool_bwd_rows.hpp"
#include "ops/pool2d/kernels/pool_channel_blocks.hpp"
#include "ops/pool2d/pool2d_window.hpp"

namespace cnnkit::ops::kernels {

// The plane indices of `lanes` winners whose window-relative taps are in `tap` (row-major over a
// window `cols` wide whose first cell is (h0, w0)).
template <class A, class T>
inline void store_plane_indices(std::int32_t* out, const xsimd::batch<T, A>& tap, int lanes, std::int64_t h0,
                                std::int64_t w0, std::int64_t cols, std::int64_t W) {
  alignas(64) T taps[xsimd::batch<T, A>::size];
  tap.store_aligned(taps);
  for (int c = 0; c < lanes; ++c) {
    const auto t = static_cast<std::int64_t>(taps[c]);
    const std::int64_t r = t / cols;
    out[c] = static_cast<std::int32_t>((h0 + r) * W + w0 + (t - r * cols));
  }
}

// The integer-valued lanes of v (|v| < 2^31) as int32, to out[0, lanes). AVX-512 uses the
// all-lanes zero-masking forms: GCC 12 flags the plain intrinsics' undefined pass-through.
template <class A, class T>
inline void store_int32_lanes(std::int32_t* out, const xsimd::batch<T, A>& v, int lanes) {
  constexpr int L = static_cast<int>(xsimd::batch<T, A>::size);
  constexpr std::size_t bytes = L * sizeof(T);
  alignas(64) std::int32_t tmp[L];
  std::int32_t* dst = lanes == L ? out : tmp;
  if constexpr (bytes == 64) {
#if XSIMD_WITH_AVX512F
    if constexpr (std::is_same_v<T, float>)
      _mm512_storeu_si512(dst, _mm512_maskz_cvttps_epi32(static_cast<__mmask16>(0xFFFF), v));
    else
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst), _mm512_maskz_cvttpd_epi32(static_cast<__mmask8>(0xFF), v));
#endif
  } else if constexpr (bytes == 32) {
#if XSIMD_WITH_AVX
    if constexpr (std::is_same_v<T, float>)
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst), _mm256_cvttps_epi32(v));
    else
      _mm_storeu_si128(reinterpret_cast<__m128i*>(dst), _mm256_cvttpd_epi32(v));
#endif
  } else {
    if constexpr (std::is_same_v<T, float>)
      _mm_storeu_si128(reinterpret_cast<__m128i*>(dst), _mm_cvttps_epi32(v));
    else
      _mm_storel_epi64(reinterpret_cast<__m128i*>(dst), _mm_cvttpd_epi32(v));
  }
  if (lanes != L)
    for (int c = 0; c < lanes; ++c) out[c] = tmp[c];
}

// v rounded toward zero, lane by lane (see store_int32_lanes for the AVX-512 forms).
template <class A, class T>
inline xsimd::batch<T, A> trunc_lanes(const xsimd::batch<T, A>& v) {
  constexpr std::size_t bytes = xsimd::batch<T, A>::size * sizeof(T);
  constexpr int mode = _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC;
  if constexpr (bytes == 64) {
#if XSIMD_WITH_AVX512F
    if constexpr (std::is_same_v<T, float>)
      return _mm512_maskz_roundscale_ps(static_cast<__mmask16>(0xFFFF), v, mode);
    else
      return _mm512_maskz_roundscale_pd(static_cast<__mmask8>(0xFF), v, mode);
#endif
  } else if constexpr (bytes == 32) {
#if XSIMD_WITH_AVX
    if constexpr (std::is_same_v<T, float>)
      return _mm256_round_ps(v, mode);
    else
      return _mm256_round_pd(v, mode);
#endif
  } else {
    if constexpr (std::is_same_v<T, float>)
      return _mm_round_ps(v, mode);
    else
      return _mm_round_pd(v, mode);
  }
}

// Whether store_plane_indices_vector is exact for this problem: the window row of a tap is
// trunc((tap + 0.5) / cols), off by less than the distance to the next integer while the window
// has < 2^(digits - 1) cells, and the plane index itself must be a T integer.
template <class T>
inline bool plane_indices_in_vectors(const Pool2dProblem& p) {
  constexpr std::int64_t exact = std::int64_t{1} << (std::numeric_limits<T>::digits - 1);
  return p.params.kernel_h * p.params.kernel_w < exact && p.x.h * p.x.w < exact;
}

// store_plane_indices in vector arithmetic (see plane_indices_in_vectors).
template <class A, class T>
inline void store_plane_indices_vector(std::int32_t* out, const xsimd::batch<T, A>& tap, int lanes, std::int64_t h0,
                                       std::int64_t w0, std::int64_t cols, std::int64_t W) {
  using B = xsimd::batch<T, A>;
  const B c(static_cast<T>(cols));
  const B r = trunc_lanes<A, T>((tap + B(T(0.5))) / c);
  const B index = (B(static_cast<T>(h0)) + r) * B(static_cast<T>(W)) + B(static_cast<T>(w0)) + (tap - r * c);
  store_int32_lanes<A, T>(out, index, lanes);
}

// Items [begin, end) of n*ho output rows x `parts` column parts (pool_row_part).
template <class A, class T>
void pool_fwd_indices_rows(const Pool2dProblem& p, const T* x, T* y, std::int32_t* indices, std::int64_t begin,
                           std::int64_t end, std::int64_t parts) {
  using B = xsimd::batch<T, A>;
  constexpr int L = static_cast<int>(B::size);
  const std::int64_t C = p.x.c, W = p.x.w, ho = p.y.h, wo = p.y.w;
  const std::int64_t image = p.x.h * W * C;
  const T* x_end = x + p.x.n * image;
  const bool vector_indices = plane_indices_in_vectors<T>(p);
  for (std::int64_t item = begin; item < end; ++item) {
    const PoolRowPart part = pool_row_part(item, parts, wo);  // not a structured binding: clang 14's
    const std::int64_t g = part.row, ow_begin = part.ow_begin, ow_end = part.ow_end;  // lambdas cannot capture one
    const std::int64_t n = g / ho, oh = g % ho;
    const T* xi = x + n * image;
    for_pixel_groups(p, oh, ow_begin, ow_end, [&]<int P>(std::int64_t ow, const PoolWindow* win) {
      const std::int64_t out0 = (g * wo + ow) * C;
      for_channel_blocks<A, T>(C, [&]<int NV, bool Tail>(std::int64_t c0, int tail) {
        constexpr int S = std::max(1, std::min(P, pool_chains<A, T>() / NV));
        const std::int64_t rows = win[0].h_end - win[0].h_begin, cols = win[0].w_end - win[0].w_begin;
        for (int i0 = 0; i0 < P; i0 += S) {
          B best[S][NV], tap[S][NV];
          const T* first[S];
          for (int i = 0; i < S; ++i) first[i] = xi + (win[i0 + i].h_begin * W + win[i0 + i].w_begin) * C + c0;
          with_window_size(rows, cols, [&]<int R, int K>() {
            pool_bwd_winners<A, T, NV, Tail, S, R, K>(first, rows, cols, W * C, C, true, tail, x_end, best, tap);
          });
          for (int i = 0; i < S; ++i) {
            const std::int64_t at = out0 + (i0 + i) * C + c0;
            for (int v = 0; v < NV; ++v) {
              store_block<A, T, NV, Tail>(y + at, v, tail, best[i][v]);
              const int lanes = Tail && v == NV - 1 ? tail : L;
              if (vector_indices)
                store_plane_indices_vector<A, T>(indices + at + v * L, tap[i][v], lanes, win[i0 + i].h_begin,
                                                 win[i0 + i].w_begin, cols, W);
              else
                store_plane_indices<A, T>(indices + at + v * L, tap[i][v], lanes, win[i0 + i].h_begin,
                                          win[i0 + i].w_begin, cols, W);
            }
          }
        }
      });
    });
  }
}

}  // namespace cnnkit::ops::kernels

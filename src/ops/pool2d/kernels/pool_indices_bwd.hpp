// Max-pool backward from saved indices, vectorised across channels. Per window and channel vector
// the indices are compared with each window cell's plane number (an integer compare, exact for any
// int32), and a cell receives dy where they match:
//   * windows that never overlap are written densely, once: dx = match ? 0 + dy : 0 (0 + dy, not
//     dy: the reference sums from +0, so -0 becomes +0), and the cells in no window are zeroed;
//   * overlapping windows zero each dx row just before accumulating into it (pool_bwd_band's
//     order), with the reference's sticky NaN rule.
// Work is a band of dx rows [begin, end) of n*h owned by one worker (windows cut by the band edge
// are evaluated by both bands, each crediting its own rows), so results are bitwise the serial
// ones. Every window is compared over all of its cells, in every band that sees it: a lane that
// matches none holds an index that is not a cell of its window. It credits nothing and its flat
// position is reported (the smallest such position a band sees), never used as an address.
// Include only from tier translation units (*.<tier>.cpp).
#pragma once

#include <immintrin.h>

#include <algorithm>
#include <cstdint>
#include <type_traits>
#include <xsimd/xsimd.hpp>

#include "ops/pool2d/kernels/pool_bwd_rows.hpp"
#include "ops/pool2d/kernels/pool_channel_blocks.hpp"
#include "ops/pool2d/pool2d_window.hpp"
#include "simd/stream_store.hpp"

namespace cnnkit::ops::kernels {

// One vector's indices, as integers of T's width (int32 for float, int64 for double), so that
// hits() is one integer compare per cell.
template <class A, class T>
struct IndexLanes {
  static constexpr std::size_t bytes = xsimd::batch<T, A>::size * sizeof(T);
  using Lanes = std::conditional_t<std::is_same_v<T, float>, xsimd::batch<std::int32_t, A>, xsimd::batch<std::int64_t, A>>;
  Lanes lanes;

  // L indices from p (the caller pads a tail with -1, which matches no cell).
  static IndexLanes load(const std::int32_t* p) {
    IndexLanes r;
    if constexpr (bytes == 64) {
#if XSIMD_WITH_AVX512F
      if constexpr (std::is_same_v<T, float>)
        r.lanes = Lanes(_mm512_loadu_si512(p));
      else
        // The all-lanes zero-masking form: GCC 12 flags the plain intrinsic's undefined pass-through.
        r.lanes = Lanes(_mm512_maskz_cvtepi32_epi64(static_cast<__mmask8>(0xFF), _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p))));
#endif
    } else if constexpr (bytes == 32) {
#if XSIMD_WITH_AVX2
      if constexpr (std::is_same_v<T, float>)
        r.lanes = Lanes(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)));
      else
        r.lanes = Lanes(_mm256_cvtepi32_epi64(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p))));
#endif
    } else {
      if constexpr (std::is_same_v<T, float>)
        r.lanes = Lanes(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
      else
        r.lanes = Lanes(_mm_cvtepi32_epi64(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p))));
    }
    return r;
  }

  // The lanes whose index is `cell`.
  xsimd::batch_bool<T, A> hits(std::int32_t cell) const {
    if constexpr (bytes == 64) {
#if XSIMD_WITH_AVX512F
      if constexpr (std::is_same_v<T, float>)
        return _mm512_cmpeq_epi32_mask(lanes, _mm512_set1_epi32(cell));
      else
        return _mm512_cmpeq_epi64_mask(lanes, _mm512_set1_epi64(cell));
#endif
    } else if constexpr (bytes == 32) {
#if XSIMD_WITH_AVX2
      if constexpr (std::is_same_v<T, float>)
        return _mm256_castsi256_ps(_mm256_cmpeq_epi32(lanes, _mm256_set1_epi32(cell)));
      else
        return _mm256_castsi256_pd(_mm256_cmpeq_epi64(lanes, _mm256_set1_epi64x(cell)));
#endif
    } else {
      if constexpr (std::is_same_v<T, float>)
        return _mm_castsi128_ps(_mm_cmpeq_epi32(lanes, _mm_set1_epi32(cell)));
      else
        return _mm_castsi128_pd(_mm_cmpeq_epi64(lanes, _mm_set1_epi64x(cell)));
    }
  }
};

// The smaller of two reported positions (-1: none).
inline std::int64_t first_bad(std::int64_t a, std::int64_t b) { return a < 0 ? b : b < 0 ? a : std::min(a, b); }

struct PoolIndicesBand {
  std::int64_t row_begin, row_end;  // the dx rows of this image credited: [row_begin, row_end)
  bool direct;                      // windows never overlap: write cells once
  bool stream;                      // direct, and dx large and vector-aligned: streaming stores
};

// Outputs at least this large are written with streaming stores where every cell is written once
// (as the x-based backward, kStreamMinBytes in pool2d_drivers.cpp): VGG's 2x2/2 backward over a
// 98 MB dx 1.3x faster without the reads for ownership.
inline constexpr std::int64_t kIndicesStreamMinBytes = std::int64_t{4} << 20;

// One output pixel (n, oh, ow) with window `win`: credits the band's cells; returns the smallest
// flat position of an index that names no cell of the window, or -1.
template <class A, class T>
inline std::int64_t pool_indices_pixel(const Pool2dProblem& p, const std::int32_t* idx, const T* dy, T* dx,
                                       const PoolIndicesBand& band, const PoolWindow& win, std::int64_t at) {
  using B = xsimd::batch<T, A>;
  using M = xsimd::batch_bool<T, A>;
  constexpr int L = static_cast<int>(B::size);
  const std::int64_t C = p.x.c, W = p.x.w;
  const B zero(T(0));
  std::int64_t bad = -1;
  for (std::int64_t c0 = 0; c0 < C; c0 += L) {
    const int lanes = static_cast<int>(std::min<std::int64_t>(L, C - c0));
    B d;
    IndexLanes<A, T> ix;
    if (lanes == L) {
      d = B::load_unaligned(dy + at + c0);
      ix = IndexLanes<A, T>::load(idx + at + c0);
    } else {
      alignas(64) T dl[L] = {};
      alignas(64) std::int32_t il[L];
      for (int c = 0; c < L; ++c) il[c] = c < lanes ? idx[at + c0 + c] : -1;
      for (int c = 0; c < lanes; ++c) dl[c] = dy[at + c0 + c];
      d = B::load_aligned(dl);
      ix = IndexLanes<A, T>::load(il);
    }
    const B add = band.direct ? zero + d : d;
    const bool d_nan = !band.direct && xsimd::any(xsimd::isnan(d));
    M matched(false);
    for (std::int64_t h = win.h_begin; h < win.h_end; ++h) {
      const bool mine = h >= band.row_begin && h < band.row_end;
      for (std::int64_t w = win.w_begin; w < win.w_end; ++w) {
        const M hit = ix.hits(static_cast<std::int32_t>(h * W + w));
        matched = matched || hit;
        if (!mine) continue;
        T* cell = dx + (h * W + w) * C + c0;
        if (band.direct) {
          const B out = xsimd::select(hit, add, zero);
          if (band.stream)  // whole, aligned vectors (see pool_bwd_indices_band)
            simd::stream_store<A>(cell, out);
          else if (lanes == L)
            out.store_unaligned(cell);
          else
            store_lanes<A>(cell, out, lanes);
        } else if (lanes == L) {
          accumulate_vector<A, T, 1, false>(cell, 0, 0, hit, add, d_nan);
        } else {
          accumulate_vector<A, T, 1, true>(cell, 0, lanes, hit, add, d_nan);
        }
      }
    }
    if (lanes < L || !xsimd::all(matched)) {
      alignas(64) T m[L];
      xsimd::select(matched, B(T(1)), zero).store_aligned(m);
      for (int c = 0; c < lanes; ++c)
        if (m[c] == T(0)) {
          if (bad < 0) bad = at + c0 + c;
          break;
        }
    }
  }
  return bad;
}

// dx rows [band.row_begin, band.row_end) of image n; returns the smallest bad position seen or -1.
template <class A, class T>
std::int64_t pool_indices_image_band(const Pool2dProblem& p, std::int64_t n, const std::int32_t* idx, const T* dy,
                                     T* dx, const PoolIndicesBand& band) {
  const Pool2dParams& q = p.params;
  const std::int64_t C = p.x.c, W = p.x.w, ho = p.y.h, wo = p.y.w, row = W * C;
  std::int64_t bad = -1;
  std::int64_t zeroed = band.row_begin;  // rows [row_begin, zeroed) are zeroed or written
  const std::int64_t reach = band.row_begin + q.pad.top - q.kernel_h;
  std::int64_t oh = reach < 0 ? 0 : reach / q.stride_h + 1;
  for (; oh < ho && oh * q.stride_h - q.pad.top < band.row_end; ++oh) {
    const PoolWindow rows = pool_window(p, oh, 0);
    const std::int64_t h_lo = std::max(rows.h_begin, band.row_begin), h_hi = std::min(rows.h_end, band.row_end);
    if (h_lo >= h_hi) continue;
    const std::int64_t zero_to = band.direct ? h_lo : h_hi;
    if (zero_to > zeroed) zero_cells<A, T>(dx + zeroed * row, (zero_to - zeroed) * row, band.stream);
    std::int64_t col = 0;  // direct: columns [0, col) of the window rows are written
    for (std::int64_t ow = 0; ow < wo; ++ow) {
      const PoolWindow win = pool_window(p, oh, ow);
      if (band.direct && win.w_begin > col)
        for (std::int64_t h = h_lo; h < h_hi; ++h) zero_cells<A, T>(dx + (h * W + col) * C, (win.w_begin - col) * C, band.stream);
      col = std::max(col, win.w_end);
      bad = first_bad(bad, pool_indices_pixel<A, T>(p, idx, dy, dx, band, win, ((n * ho + oh) * wo + ow) * C));
    }
    if (band.direct && col < W)
      for (std::int64_t h = h_lo; h < h_hi; ++h) zero_cells<A, T>(dx + (h * W + col) * C, (W - col) * C, band.stream);
    zeroed = std::max(zeroed, h_hi);
  }
  if (band.row_end > zeroed) zero_cells<A, T>(dx + zeroed * row, (band.row_end - zeroed) * row, band.stream);
  return bad;
}

// The blocked schedule: dx rows [begin, end) of n*h. Returns the smallest bad position seen or -1.
template <class A, class T>
std::int64_t pool_bwd_indices_band(const Pool2dProblem& p, const std::int32_t* idx, const T* dy, T* dx,
                                   std::int64_t begin, std::int64_t end) {
  const std::int64_t H = p.x.h, image = H * p.x.w * p.x.c;
  const bool direct = !windows_overlap(p);
  constexpr std::int64_t L = xsimd::batch<T, A>::size;
  const bool stream = direct && p.x.n * image * static_cast<std::int64_t>(sizeof(T)) >= kIndicesStreamMinBytes &&
                      p.x.c % L == 0 && simd::elements_to_alignment(dx, L * sizeof(T)) == 0;
  std::int64_t bad = -1;
  for (std::int64_t g = begin; g < end;) {
    const std::int64_t n = g / H, h0 = g % H, h1 = std::min(H, h0 + (end - g));
    bad = first_bad(bad, pool_indices_image_band<A, T>(p, n, idx, dy, dx + n * image, {h0, h1, direct, stream}));
    g += h1 - h0;
  }
  if (stream) simd::stream_fence();
  return bad;
}

// The plain schedule: zero all of dx, then every output pixel in order, read-modify-write.
template <class A, class T>
std::int64_t pool_bwd_indices_plain(const Pool2dProblem& p, const std::int32_t* idx, const T* dy, T* dx) {
  const std::int64_t image = p.x.h * p.x.w * p.x.c;
  zero_cells<A, T>(dx, p.x.n * image, false);
  std::int64_t bad = -1;
  for (std::int64_t n = 0; n < p.x.n; ++n)
    for (std::int64_t oh = 0; oh < p.y.h; ++oh)
      for (std::int64_t ow = 0; ow < p.y.w; ++ow) {
        bad = first_bad(bad, pool_indices_pixel<A, T>(p, idx, dy, dx + n * image, {0, p.x.h, false, false}, pool_window(p, oh, ow),
                                                      ((n * p.y.h + oh) * p.y.w + ow) * p.x.c));
      }
  return bad;
}

}  // namespace cnnkit::ops::kernels

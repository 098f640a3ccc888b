// Backward pooling, vectorised across channels. Every dx cell receives the contributions of the
// windows covering it in the reference's order (output rows, then columns), so results are
// bitwise the reference's and do not depend on how dx rows are split between threads.
//   * pool_bwd_band ("blocked"): dx rows [begin, end) of n*h, owned by one worker. It visits only
//     the output rows whose windows touch the band, zeroes each dx row just before its first
//     contribution (so the row is in cache while the ~kh/sh windows over it accumulate), and
//     credits only cells inside the band (a window cut by the band edge is re-evaluated by the
//     neighbouring band). Windows that cannot overlap (stride >= kernel on both axes) write their
//     cells once instead of read-modify-write, with streaming stores for large aligned outputs.
//   * pool_bwd_plain ("simd"): zero dx, then scatter every output pixel's gradient into it.
// Max pooling finds the winner with max_step over the whole window (bitwise the reference's),
// then credits the equal cells (ties = all) or the first of them (ties = first).
#pragma once

#include <algorithm>
#include <cstdint>
#include <xsimd/xsimd.hpp>

#include "ops/pool2d/kernels/pool_channel_blocks.hpp"
#include "ops/pool2d/kernels/pool_lane_ops.hpp"
#include "ops/pool2d/pool2d_window.hpp"
#include "simd/stream_store.hpp"

namespace cnnkit::ops::kernels {

template <class T>
struct PoolBwdImage {
  const Pool2dProblem* p;
  const T* x;   // this image's x (max only)
  const T* dy;  // this image's dy
  T* dx;        // this image's dx
  std::int64_t row_begin, row_end;  // the dx rows credited: [row_begin, row_end)
  bool direct;  // windows never overlap: write cells once instead of read-modify-write
  bool stream;  // direct writes and zeroing use streaming stores
};

template <class A, class T>
inline void zero_cells(T* p, std::int64_t count, bool stream) {
  using B = xsimd::batch<T, A>;
  constexpr std::int64_t L = B::size;
  const B zero(T(0));
  std::int64_t i = 0;
  if (stream) {
    for (; i + L <= count; i += L) simd::stream_store<A>(p + i, zero);
  } else {
    for (; i + L <= count; i += L) zero.store_unaligned(p + i);
  }
  if (i < count) simd::store_tail<A>(p + i, zero, static_cast<int>(count - i));
}

template <class A, class T, int NV, bool Tail>
inline void put_block(T* p, int tail, bool stream, const xsimd::batch<T, A>* values) {
  constexpr int L = static_cast<int>(xsimd::batch<T, A>::size);
  if (stream && !Tail) {
    for (int v = 0; v < NV; ++v) simd::stream_store<A>(p + v * L, values[v]);
  } else {
    for (int v = 0; v < NV; ++v) store_block<A, T, NV, Tail>(p, v, tail, values[v]);
  }
}

// Credits one output pixel (window `win`, gradient at dyp) to the band's cells, channels
// [c0, c0 + NV vectors).
template <class A, class T, int NV, bool Tail>
inline void pool_bwd_pixel_block(const PoolBwdImage<T>& im, const PoolWindow& win, const T* dyp, std::int64_t c0,
                                 int tail) {
  using B = xsimd::batch<T, A>;
  using M = xsimd::batch_bool<T, A>;
  const Pool2dProblem& p = *im.p;
  const std::int64_t C = p.x.c, W = p.x.w, cols = win.w_end - win.w_begin;
  const std::int64_t h_lo = std::max(win.h_begin, im.row_begin), h_hi = std::min(win.h_end, im.row_end);
  const B zero(T(0));
  B d[NV];
  for (int v = 0; v < NV; ++v) d[v] = load_block<A, T, NV, Tail>(dyp + c0, v, tail);
  if (p.params.mode == PoolMode::avg) {
    const B divisor(static_cast<T>(win.divisor));
    for (int v = 0; v < NV; ++v) d[v] = d[v] / divisor;  // the reference's share
    for (std::int64_t h = h_lo; h < h_hi; ++h) {
      T* row = im.dx + (h * W + win.w_begin) * C + c0;
      for (std::int64_t w = 0; w < cols; ++w) {
        B out[NV];
        for (int v = 0; v < NV; ++v)
          out[v] = (im.direct ? zero : load_block<A, T, NV, Tail>(row + w * C, v, tail)) + d[v];
        put_block<A, T, NV, Tail>(row + w * C, tail, im.stream, out);
      }
    }
    return;
  }
  // Max: the winner over the whole window, as the forward finds it.
  const T* first = im.x + (win.h_begin * W + win.w_begin) * C + c0;
  B best[NV];
  for (int v = 0; v < NV; ++v) best[v] = load_block<A, T, NV, Tail>(first, v, tail);
  for (std::int64_t h = win.h_begin; h < win.h_end; ++h) {
    const T* row = first + (h - win.h_begin) * W * C;
    for (std::int64_t w = (h == win.h_begin ? 1 : 0); w < cols; ++w)
      for (int v = 0; v < NV; ++v) best[v] = max_step<A, T>(best[v], load_block<A, T, NV, Tail>(row + w * C, v, tail));
  }
  // Credit the winners in window order; with ties = first only the first one (rows above the band
  // still count towards "first").
  const bool first_only = p.params.ties == TiePolicy::first;
  M found[NV];
  for (int v = 0; v < NV; ++v) found[v] = M(false);
  for (std::int64_t h = first_only ? win.h_begin : h_lo; h < h_hi; ++h) {
    const T* xrow = first + (h - win.h_begin) * W * C;
    T* row = im.dx + (h * W + win.w_begin) * C + c0;
    for (std::int64_t w = 0; w < cols; ++w) {
      M hit[NV];
      for (int v = 0; v < NV; ++v) {
        hit[v] = equals_winner<A, T>(load_block<A, T, NV, Tail>(xrow + w * C, v, tail), best[v], first_only);
        if (first_only) {
          hit[v] = hit[v] & ~found[v];
          found[v] = found[v] | hit[v];
        }
      }
      if (h < h_lo) continue;
      B out[NV];
      for (int v = 0; v < NV; ++v) {
        if (im.direct) {
          out[v] = xsimd::select(hit[v], zero + d[v], zero);
        } else {
          const B old = load_block<A, T, NV, Tail>(row + w * C, v, tail);
          out[v] = xsimd::select(hit[v], old + d[v], old);
        }
      }
      put_block<A, T, NV, Tail>(row + w * C, tail, im.stream, out);
    }
  }
}

template <class A, class T>
inline void pool_bwd_pixel(const PoolBwdImage<T>& im, const PoolWindow& win, const T* dyp) {
  for_channel_blocks<A, T>(im.p->x.c, [&]<int NV, bool Tail>(std::int64_t c0, int tail) {
    pool_bwd_pixel_block<A, T, NV, Tail>(im, win, dyp, c0, tail);
  });
}

// The blocked schedule of one image's dx rows [im.row_begin, im.row_end).
template <class A, class T>
void pool_bwd_image_band(const PoolBwdImage<T>& im) {
  const Pool2dProblem& p = *im.p;
  const Pool2dParams& q = p.params;
  const std::int64_t C = p.x.c, W = p.x.w, ho = p.y.h, wo = p.y.w, row = W * C;
  std::int64_t zeroed = im.row_begin;  // dx rows [row_begin, zeroed) are zeroed or written
  // The first output row whose window reaches below row_begin: oh*sh - top + kh > row_begin.
  const std::int64_t reach = im.row_begin + q.pad.top - q.kernel_h;
  std::int64_t oh = reach < 0 ? 0 : reach / q.stride_h + 1;
  for (; oh < ho && oh * q.stride_h - q.pad.top < im.row_end; ++oh) {
    const PoolWindow rows = pool_window(p, oh, 0);
    const std::int64_t h_lo = std::max(rows.h_begin, im.row_begin), h_hi = std::min(rows.h_end, im.row_end);
    if (h_lo >= h_hi) continue;
    // Read-modify-write needs the rows zeroed first; direct writes cover the window rows but not
    // the columns between or after the windows, which are zeroed below.
    const std::int64_t zero_to = im.direct ? h_lo : h_hi;
    if (zero_to > zeroed) zero_cells<A, T>(im.dx + zeroed * row, (zero_to - zeroed) * row, im.stream);
    std::int64_t col = 0;  // direct: columns [0, col) of the window rows are written
    for (std::int64_t ow = 0; ow < wo; ++ow) {
      const PoolWindow win = pool_window(p, oh, ow);
      if (im.direct && win.w_begin > col)
        for (std::int64_t h = h_lo; h < h_hi; ++h)
          zero_cells<A, T>(im.dx + (h * W + col) * C, (win.w_begin - col) * C, im.stream);
      pool_bwd_pixel<A, T>(im, win, im.dy + (oh * wo + ow) * C);
      col = win.w_end;
    }
    if (im.direct && col < W)
      for (std::int64_t h = h_lo; h < h_hi; ++h) zero_cells<A, T>(im.dx + (h * W + col) * C, (W - col) * C, im.stream);
    zeroed = std::max(zeroed, h_hi);
  }
  if (im.row_end > zeroed) zero_cells<A, T>(im.dx + zeroed * row, (im.row_end - zeroed) * row, im.stream);
}

// dx rows [begin, end) of n*h (the blocked rung's unit of work).
template <class A, class T>
void pool_bwd_band(const Pool2dProblem& p, const T* x, const T* dy, T* dx, std::int64_t begin, std::int64_t end,
                   bool stream) {
  using B = xsimd::batch<T, A>;
  const Pool2dParams& q = p.params;
  const std::int64_t H = p.x.h, image = H * p.x.w * p.x.c, dy_image = p.y.h * p.y.w * p.y.c;
  const bool direct = q.stride_h >= q.kernel_h && q.stride_w >= q.kernel_w;
  stream = stream && direct && p.x.c % static_cast<std::int64_t>(B::size) == 0 &&
           simd::elements_to_alignment(dx, sizeof(B)) == 0;
  for (std::int64_t g = begin; g < end;) {
    const std::int64_t n = g / H, h0 = g % H, h1 = std::min(H, h0 + (end - g));
    pool_bwd_image_band<A, T>({&p, x ? x + n * image : nullptr, dy + n * dy_image, dx + n * image, h0, h1, direct, stream});
    g += h1 - h0;
  }
  if (stream) simd::stream_fence();
}

// The plain loop nest: zero dx, then every output pixel in order, read-modify-write.
template <class A, class T>
void pool_bwd_plain(const Pool2dProblem& p, const T* x, const T* dy, T* dx) {
  const std::int64_t image = p.x.h * p.x.w * p.x.c, dy_image = p.y.h * p.y.w * p.y.c;
  zero_cells<A, T>(dx, p.x.n * image, false);
  for (std::int64_t n = 0; n < p.x.n; ++n) {
    const PoolBwdImage<T> im{&p, x ? x + n * image : nullptr, dy + n * dy_image, dx + n * image, 0, p.x.h, false, false};
    for (std::int64_t oh = 0; oh < p.y.h; ++oh)
      for (std::int64_t ow = 0; ow < p.y.w; ++ow) pool_bwd_pixel<A, T>(im, pool_window(p, oh, ow), im.dy + (oh * p.y.w + ow) * p.x.c);
  }
}

}  // namespace cnnkit::ops::kernels

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
// Max pooling finds the winner with the reference's rule over the whole window (up to kPoolGroup
// windows at once, for independent dependency chains) and remembers the tap where it was found;
// ties = first credits that tap, ties = all every cell equal to the winner (a NaN winner: none).
#pragma once

#include <algorithm>
#include <cstdint>
#include <xsimd/xsimd.hpp>

#include "ops/pool2d/kernels/pool_channel_blocks.hpp"
#include "ops/pool2d/kernels/pool_lane_ops.hpp"
#include "ops/pool2d/pool2d_window.hpp"
#include "core/workspace.hpp"
#include "simd/stream_store.hpp"

namespace cnnkit::ops::kernels {

template <class T>
struct PoolBwdImage {
  const Pool2dProblem* p;
  const T* x;   // this image's x (max only)
  const T* dy;  // this image's dy
  T* dx;        // this image's dx
  const T* x_end;   // one past the last element of the whole x (for whole-vector tail loads)
  const T* dy_end;  // the same for dy
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
  for (; i < count; ++i) p[i] = T(0);
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

// The winners of S pixels' windows (same size), channels [c0, c0 + NV vectors): the winning value
// and, for ties = first, the winner's tap number (row-major in the window) as a T (exact). As in
// the forward pass: an ordered compare per tap plus a NaN probe, and the reference's rule for
// windows the probe flags. R x K > 0: the window size at compile time (with_window_size).
template <class A, class T, int NV, bool Tail, int S, int R, int K>
inline void pool_bwd_winners(const T* const* first, std::int64_t rows_, std::int64_t cols_, std::int64_t row_stride,
                             std::int64_t C, bool want_tap, int tail, const T* x_end, xsimd::batch<T, A> (*best)[NV],
                             xsimd::batch<T, A> (*tap)[NV]) {
  using B = xsimd::batch<T, A>;
  const std::int64_t rows = R > 0 ? R : rows_, cols = K > 0 ? K : cols_;
  // Only when this block is the pixel's every channel (see pool_fwd_pixels).
  if (C <= NV * static_cast<std::int64_t>(B::size)) prefetch_window_rows<A>(first[0], first[S - 1], rows, cols, row_stride, C);
  B probe[S][NV];
  for (int i = 0; i < S; ++i)
    for (int v = 0; v < NV; ++v) {
      probe[i][v] = best[i][v] = load_block<A, T, NV, Tail>(first[i], v, tail, x_end);
      tap[i][v] = B(T(0));
    }
  for (std::int64_t h = 0; h < rows; ++h)
    for (std::int64_t w = h == 0 ? 1 : 0; w < cols; ++w) {
      const std::int64_t at = h * row_stride + w * C;
      const B t(static_cast<T>(h * cols + w));
      for (int i = 0; i < S; ++i)
        for (int v = 0; v < NV; ++v) {
          const B x = load_block<A, T, NV, Tail>(first[i] + at, v, tail, x_end);
          probe[i][v] += x;
          if (want_tap) {
            const auto greater = x > best[i][v];  // ordered: exact while no NaN is involved
            best[i][v] = xsimd::select(greater, x, best[i][v]);
            tap[i][v] = xsimd::select(greater, t, tap[i][v]);
          } else {
            best[i][v] = max_step_ordered<A, T>(best[i][v], x);
          }
        }
    }
  for (int i = 0; i < S; ++i)
    for (int v = 0; v < NV; ++v) {
      if (!any_nan<A, T>(probe[i][v])) continue;
      best[i][v] = load_block<A, T, NV, Tail>(first[i], v, tail, x_end);
      tap[i][v] = B(T(0));
      for (std::int64_t h = 0; h < rows; ++h)
        for (std::int64_t w = h == 0 ? 1 : 0; w < cols; ++w) {
          const B x = load_block<A, T, NV, Tail>(first[i] + h * row_stride + w * C, v, tail, x_end);
          const auto replace = replaces_max<A, T>(best[i][v], x);
          best[i][v] = xsimd::select(replace, x, best[i][v]);
          tap[i][v] = xsimd::select(replace, B(static_cast<T>(h * cols + w)), tap[i][v]);
        }
    }
}

// dx += (hit ? d : 0) on one vector of cells. A masked tail would be reloaded right after a masked
// store to the neighbouring cell (overlapping 64-byte ranges defeat store forwarding), so tails go
// through a scalar loop; adding +0 to a lane leaves it bitwise unchanged (dx starts at +0 and a sum
// is -0 only when both terms are). d_nan: some lane of d is NaN; then a cell that already holds a
// NaN keeps it (the reference's nan_sticky_add), since old + d with two NaNs returns the one the
// compiler's operand order picks. Without a NaN in d, old + d keeps old's NaN anyway.
template <class A, class T, int NV, bool Tail>
inline void accumulate_vector(T* cell, int v, int tail, const xsimd::batch_bool<T, A>& hit,
                              const xsimd::batch<T, A>& d, bool d_nan) {
  using B = xsimd::batch<T, A>;
  constexpr int L = static_cast<int>(B::size);
  if constexpr (Tail) {
    if (v == NV - 1) {
      alignas(64) T add[L];
      xsimd::select(hit, d, B(T(0))).store_aligned(add);
      for (int c = 0; c < tail; ++c) cell[v * L + c] = nan_sticky_add(cell[v * L + c], add[c]);
      return;
    }
  }
  const B old = B::load_unaligned(cell + v * L);
  const auto take = d_nan ? hit && !xsimd::isnan(old) : hit;
  xsimd::select(take, old + d, old).store_unaligned(cell + v * L);
}

// Whether any lane of the NV vectors d is NaN (once per window, not per credited cell).
template <class A, class T, int NV>
inline bool any_nan_of(const xsimd::batch<T, A>* d) {
  auto nan = xsimd::isnan(d[0]);
  for (int v = 1; v < NV; ++v) nan = nan || xsimd::isnan(d[v]);
  return xsimd::any(nan);
}

// Credits one output pixel (window `win`, gradient d, winners best/tap for max) to the band's
// cells, channels [c0, c0 + NV vectors), cells in window order.
template <class A, class T, int NV, bool Tail>
inline void pool_bwd_credit(const PoolBwdImage<T>& im, const PoolWindow& win, std::int64_t c0, int tail,
                            const xsimd::batch<T, A>* d, const xsimd::batch<T, A>* best, const xsimd::batch<T, A>* tap) {
  using B = xsimd::batch<T, A>;
  using M = xsimd::batch_bool<T, A>;
  const Pool2dProblem& p = *im.p;
  const std::int64_t C = p.x.c, W = p.x.w, cols = win.w_end - win.w_begin;
  const std::int64_t h_lo = std::max(win.h_begin, im.row_begin), h_hi = std::min(win.h_end, im.row_end);
  const bool is_max = p.params.mode == PoolMode::max, first_only = p.params.ties == TiePolicy::first;
  const B zero(T(0));
  B add[NV];  // what a credited cell receives: 0 + d when written directly (the reference's dx = 0, dx += d)
  for (int v = 0; v < NV; ++v) add[v] = im.direct ? zero + d[v] : d[v];
  const bool d_nan = !im.direct && any_nan_of<A, T, NV>(d);
  for (std::int64_t h = h_lo; h < h_hi; ++h) {
    T* row = im.dx + (h * W + win.w_begin) * C + c0;
    const T* xrow = is_max ? im.x + (h * W + win.w_begin) * C + c0 : nullptr;
    for (std::int64_t w = 0; w < cols; ++w) {
      M hit[NV];
      const B t(static_cast<T>((h - win.h_begin) * cols + w));
      for (int v = 0; v < NV; ++v) {
        if (!is_max)
          hit[v] = M(true);
        else if (first_only)
          hit[v] = tap[v] == t;
        else
          hit[v] = load_block<A, T, NV, Tail>(xrow + w * C, v, tail, im.x_end) == best[v];  // ordered: NaN credits none
      }
      if (im.direct) {
        B out[NV];
        for (int v = 0; v < NV; ++v) out[v] = xsimd::select(hit[v], add[v], zero);
        put_block<A, T, NV, Tail>(row + w * C, tail, im.stream, out);
      } else {
        for (int v = 0; v < NV; ++v) accumulate_vector<A, T, NV, Tail>(row + w * C, v, tail, hit[v], add[v], d_nan);
      }
    }
  }
}

// One output pixel with many channels (C * sizeof(T) >= kPoolWideBytes): taps outer, channels
// inner, with the per-channel winner, its tap and the gradient share in per-body scratch (L1), so
// x and dx are walked in long contiguous runs. Same steps per channel as the blocked kernels.
template <class A, class T>
inline void pool_bwd_wide_pixel(const PoolBwdImage<T>& im, const PoolWindow& win, const T* dyp) {
  using B = xsimd::batch<T, A>;
  using M = xsimd::batch_bool<T, A>;
  constexpr std::int64_t L = B::size;
  const Pool2dProblem& p = *im.p;
  const std::int64_t C = p.x.c, W = p.x.w, cols = win.w_end - win.w_begin;
  const std::int64_t full = C / L * L;
  const int tail = static_cast<int>(C - full);
  const bool is_max = p.params.mode == PoolMode::max, first_only = p.params.ties == TiePolicy::first;
  T* best = core::thread_scratch<T>(core::ScratchSlot::body_packed, static_cast<std::size_t>(3 * C));
  T* tap = best + C;
  T* share = tap + C;
  const auto for_vectors = [&](auto&& f) {
    for (std::int64_t c = 0; c < full; c += L) f.template operator()<false>(c);
    if (tail > 0) f.template operator()<true>(full);
  };
  const B divisor(static_cast<T>(win.divisor)), zero(T(0));
  bool d_nan = false;  // some share is NaN: accumulate with the sticky rule (accumulate_vector)
  for_vectors([&]<bool Tail>(std::int64_t c) {
    const B d = load_block<A, T, 1, Tail>(dyp + c, 0, tail, im.dy_end);
    // What a credited cell receives: 0 + d when written directly (the reference's dx = 0, dx += d).
    const B add = is_max ? d : d / divisor;
    // Tail lanes past C hold the next pixel's values: they may only raise a needless flag.
    d_nan = d_nan || any_nan<A, T>(add);
    store_block<A, T, 1, Tail>(share + c, 0, tail, im.direct ? zero + add : add);
  });
  if (is_max)
    for (std::int64_t h = win.h_begin; h < win.h_end; ++h)
      for (std::int64_t w = win.w_begin; w < win.w_end; ++w) {
        const T* xp = im.x + (h * W + w) * C;
        const bool first = h == win.h_begin && w == win.w_begin;
        const B t(static_cast<T>((h - win.h_begin) * cols + (w - win.w_begin)));
        for_vectors([&]<bool Tail>(std::int64_t c) {
          const B v = load_block<A, T, 1, Tail>(xp + c, 0, tail, im.x_end);
          if (first) {
            store_block<A, T, 1, Tail>(best + c, 0, tail, v);
            store_block<A, T, 1, Tail>(tap + c, 0, tail, zero);
            return;
          }
          const B b = load_block<A, T, 1, Tail>(best + c, 0, tail, best + C);
          const auto replace = replaces_max<A, T>(b, v);
          store_block<A, T, 1, Tail>(best + c, 0, tail, xsimd::select(replace, v, b));
          store_block<A, T, 1, Tail>(tap + c, 0, tail,
                                     xsimd::select(replace, t, load_block<A, T, 1, Tail>(tap + c, 0, tail, tap + C)));
        });
      }
  const std::int64_t h_lo = std::max(win.h_begin, im.row_begin), h_hi = std::min(win.h_end, im.row_end);
  for (std::int64_t h = h_lo; h < h_hi; ++h)
    for (std::int64_t w = win.w_begin; w < win.w_end; ++w) {
      T* cell = im.dx + (h * W + w) * C;
      const T* xp = is_max ? im.x + (h * W + w) * C : nullptr;
      const B t(static_cast<T>((h - win.h_begin) * cols + (w - win.w_begin)));
      for_vectors([&]<bool Tail>(std::int64_t c) {
        M hit(true);
        if (is_max && first_only)
          hit = load_block<A, T, 1, Tail>(tap + c, 0, tail, tap + C) == t;
        else if (is_max)
          hit = load_block<A, T, 1, Tail>(xp + c, 0, tail, im.x_end) == load_block<A, T, 1, Tail>(best + c, 0, tail, best + C);
        const B add = load_block<A, T, 1, Tail>(share + c, 0, tail, share + C);
        if (im.direct) {
          const B out = xsimd::select(hit, add, zero);
          put_block<A, T, 1, Tail>(cell + c, tail, im.stream, &out);
        } else {
          accumulate_vector<A, T, 1, Tail>(cell + c, 0, tail, hit, add, d_nan);
        }
      });
    }
}

// Output pixels [ow, ow + P) of row oh (windows of one size): winners, then credits in order.
template <class A, class T, int P>
inline void pool_bwd_pixels(const PoolBwdImage<T>& im, std::int64_t oh, std::int64_t ow, const PoolWindow* win) {
  using B = xsimd::batch<T, A>;
  const Pool2dProblem& p = *im.p;
  const std::int64_t C = p.x.c, W = p.x.w;
  const bool is_max = p.params.mode == PoolMode::max;
  const T* dyp = im.dy + (oh * p.y.w + ow) * C;
  if (C * static_cast<std::int64_t>(sizeof(T)) >= kPoolWideBytes) {
    for (int i = 0; i < P; ++i) pool_bwd_wide_pixel<A, T>(im, win[i], dyp + i * C);
    return;
  }
  for_channel_blocks<A, T>(C, [&]<int NV, bool Tail>(std::int64_t c0, int tail) {
    constexpr int S = std::max(1, std::min(P, pool_chains<A, T>() / NV));
    for (int i0 = 0; i0 < P; i0 += S) {
      B best[S][NV], tap[S][NV];
      if (is_max) {
        const T* first[S];
        for (int i = 0; i < S; ++i) first[i] = im.x + (win[i0 + i].h_begin * W + win[i0 + i].w_begin) * C + c0;
        const std::int64_t rows = win[i0].h_end - win[i0].h_begin, cols = win[i0].w_end - win[i0].w_begin;
        with_window_size(rows, cols, [&]<int R, int K>() {
          pool_bwd_winners<A, T, NV, Tail, S, R, K>(first, rows, cols, W * C, C, p.params.ties == TiePolicy::first, tail,
                                                    im.x_end, best, tap);
        });
      } else {
        for (int i = 0; i < S; ++i)
          for (int v = 0; v < NV; ++v) best[i][v] = tap[i][v] = B(T(0));  // unused by average pooling
      }
      for (int i = 0; i < S; ++i) {
        B d[NV];
        for (int v = 0; v < NV; ++v) d[v] = load_block<A, T, NV, Tail>(dyp + (i0 + i) * C + c0, v, tail, im.dy_end);
        if (!is_max) {
          const B divisor(static_cast<T>(win[i0 + i].divisor));
          for (int v = 0; v < NV; ++v) d[v] = d[v] / divisor;  // the reference's share
        }
        pool_bwd_credit<A, T, NV, Tail>(im, win[i0 + i], c0, tail, d, best[i], tap[i]);
      }
    }
  });
}

// The blocked schedule of one image's dx rows [im.row_begin, im.row_end).
template <class A, class T>
void pool_bwd_image_band(const PoolBwdImage<T>& im) {
  const Pool2dProblem& p = *im.p;
  const Pool2dParams& q = p.params;
  const std::int64_t C = p.x.c, W = p.x.w, ho = p.y.h, row = W * C;
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
    for_pixel_groups(p, oh, [&]<int P>(std::int64_t ow, const PoolWindow* win) {
      for (int i = 0; i < P; ++i) {
        if (im.direct && win[i].w_begin > col)
          for (std::int64_t h = h_lo; h < h_hi; ++h)
            zero_cells<A, T>(im.dx + (h * W + col) * C, (win[i].w_begin - col) * C, im.stream);
        col = win[i].w_end;
      }
      pool_bwd_pixels<A, T, P>(im, oh, ow, win);
    });
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
  const std::int64_t H = p.x.h, image = H * p.x.w * p.x.c, dy_image = p.y.h * p.y.w * p.y.c;
  const bool direct = !windows_overlap(p);
  const T* x_end = x ? x + p.x.n * image : nullptr;
  const T* dy_end = dy + p.y.n * dy_image;
  stream = stream && direct && p.x.c % static_cast<std::int64_t>(B::size) == 0 &&
           simd::elements_to_alignment(dx, sizeof(B)) == 0;
  for (std::int64_t g = begin; g < end;) {
    const std::int64_t n = g / H, h0 = g % H, h1 = std::min(H, h0 + (end - g));
    pool_bwd_image_band<A, T>({&p, x ? x + n * image : nullptr, dy + n * dy_image, dx + n * image, x_end, dy_end, h0, h1,
                               direct, stream});
    g += h1 - h0;
  }
  if (stream) simd::stream_fence();
}

// The plain loop nest: zero dx, then every output pixel in order, read-modify-write.
template <class A, class T>
void pool_bwd_plain(const Pool2dProblem& p, const T* x, const T* dy, T* dx) {
  const std::int64_t image = p.x.h * p.x.w * p.x.c, dy_image = p.y.h * p.y.w * p.y.c;
  zero_cells<A, T>(dx, p.x.n * image, false);
  const T* x_end = x ? x + p.x.n * image : nullptr;
  const T* dy_end = dy + p.y.n * dy_image;
  for (std::int64_t n = 0; n < p.x.n; ++n) {
    const PoolBwdImage<T> im{&p,          x ? x + n * image : nullptr, dy + n * dy_image, dx + n * image, x_end, dy_end, 0, p.x.h,
                             false, false};
    for (std::int64_t oh = 0; oh < p.y.h; ++oh)
      for (std::int64_t ow = 0; ow < p.y.w; ++ow) {
        const PoolWindow win = pool_window(p, oh, ow);
        pool_bwd_pixels<A, T, 1>(im, oh, ow, &win);
      }
  }
}

}  // namespace cnnkit::ops::kernels

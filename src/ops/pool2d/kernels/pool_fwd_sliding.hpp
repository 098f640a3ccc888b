// Forward pooling with fewer channels than one vector (C < lanes: images, 1-8 channel maps),
// over output rows [begin, end) of n*ho, vectorised along each input row's contiguous w*C axis
// (several pixels per vector) instead of across channels (where C < lanes wastes most lanes).
//
// Interior output pixels (windows not clipped horizontally) take one of two paths:
// - dense (stride_w * C < kSlidingDenseVectors = 2 vectors: seed_pool's 5x5/3 on 3 channels, stride * C = 9 against 8
//   lanes of avx2_fma, measured 1.5x faster dense than per pixel): the window result at every
//   element position e of the row (L consecutive positions per vector: pixel e / C, channel
//   e % C), then output pixel ow takes
//   position (ow * sw - pad_left) * C. Max is separable bitwise: the reference's winner is the
//   first maximum in row-major order (no NaN), and "first maximum" combines over contiguous
//   segments, so each input row's horizontal max over the kw taps (max_step_ordered keeps the
//   earlier tap on ties, +-0 included) and then the rows in order give the same cell. Not
//   vertical-first: that would change which of -0 and +0 wins. Average sums 0 + taps in the
//   reference's order (rows, then columns) per position, and divides by the same divisor.
//   With stride 1 the positions are the output row itself; with a larger stride they go to an L1
//   buffer and are compacted (one vector load and store per pixel, stores spilling into pixels
//   written later; the row's last pixels with scalar stores: the next row may be another thread's).
// - per pixel (stride_w * C >= 2 vectors, or rows shorter than a vector): one vector per output
//   pixel, its first C lanes valid, the taps in reference order.
// Edge pixels (windows clipped by padding or ceil mode: other column counts and divisors) take
// the per-pixel path with their own window. Vertical clipping is the same for a whole output row.
// NaN: every loaded vector is summed into a probe; a NaN there (or +inf meeting -inf) sends the
// output row (dense) or pixel to the exact path: pool_fwd_rows (bitwise the reference, sticky NaN
// rules) for a row, the reference's scalar rule for a pixel.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <xsimd/xsimd.hpp>

#include "ops/pool2d/kernels/pool_fwd_rows.hpp"
#include "ops/pool2d/kernels/pool_lane_ops.hpp"
#include "ops/pool2d/pool2d_sliding.hpp"
#include "ops/pool2d/pool2d_window.hpp"

namespace cnnkit::ops::kernels {

// Dense positions buffered per stride > 1 segment (L1-resident; a fixed stack buffer).
inline constexpr std::int64_t kSlidingBufferBytes = 8192;

// The reference's rule for one output pixel, every channel (scalar: NaN windows and pixels whose
// vector loads would run past the tensor).
template <class A, class T>  // A: one copy per tier (see tests/isa_hygiene)
inline void sliding_exact_pixel(const Pool2dProblem& p, const T* xn, std::int64_t oh, std::int64_t ow, T* yp) {
  const PoolWindow win = pool_window(p, oh, ow);
  const std::int64_t W = p.x.w, C = p.x.c;
  const bool is_max = p.params.mode == PoolMode::max;
  for (std::int64_t c = 0; c < C; ++c) {
    T result = is_max ? xn[(win.h_begin * W + win.w_begin) * C + c] : T(0);
    for (std::int64_t h = win.h_begin; h < win.h_end; ++h)
      for (std::int64_t w = win.w_begin; w < win.w_end; ++w) {
        const T v = xn[(h * W + w) * C + c];
        if (is_max) {
          if (ops::replaces_max(v, result)) result = v;
        } else {
          result = nan_sticky_add(result, v);
        }
      }
    yp[c] = is_max ? result : result / static_cast<T>(win.divisor);
  }
}

// The window results at G vectors of L element positions, vector g at at + g * pitch (the dense
// path: pitch L, consecutive positions; the per-pixel path: pitch stride_w * C, G output pixels;
// row h of the window at + h * row_stride): out[g]; probe[g]: the sum of every vector loaded for
// out[g] (NaN if any tap is NaN), or for max with AllTaps false only of each row's first tap (the
// dense path: its vectors' first taps cover the rows but for their last (kw - 1) * C elements,
// which it probes apart; a third fewer vector operations on a 3x3 max). The G vectors are
// independent chains, interleaved tap by tap: an average's sum is one dependent add per tap, so a
// lone chain runs at the add's latency (4 cycles) instead of its throughput (two per cycle).
// R, K > 0: the window size is a compile-time constant (see with_window_size).
template <class A, class T, int R, int K, int G, bool AllTaps = true>
inline void sliding_vectors(const T* at, std::int64_t pitch, std::int64_t rows_, std::int64_t cols_,
                            std::int64_t row_stride, std::int64_t C, bool is_max, xsimd::batch<T, A> (&out)[G],
                            xsimd::batch<T, A> (&probe)[G]) {
  using B = xsimd::batch<T, A>;
  const std::int64_t rows = R > 0 ? R : rows_, cols = K > 0 ? K : cols_;
  if (is_max) {
    // Row h's horizontal maxes (an earlier tap wins ties) to row_max, its taps added to probe:
    // straight into probe for a group (per-row sums would be G more registers, spilled on the
    // 16-register tiers), through a per-row sum for a lone vector (its only chains: one add chain
    // through every tap would run at the add's latency, 4 cycles a tap).
    const auto row = [&](std::int64_t h, B(&row_max)[G]) {
      const T* q = at + h * row_stride;
      B row_sum[G];
      B(&sums)[G] = G == 1 ? row_sum : probe;  // where this row's taps are added
      for (int g = 0; g < G; ++g) row_max[g] = B::load_unaligned(q + g * pitch);
      for (int g = 0; g < G; ++g) sums[g] = G == 1 || h == 0 ? row_max[g] : sums[g] + row_max[g];
      for (std::int64_t t = 1; t < cols; ++t)
        for (int g = 0; g < G; ++g) {
          const B v = B::load_unaligned(q + t * C + g * pitch);
          row_max[g] = max_step_ordered<A, T>(row_max[g], v);
          if constexpr (AllTaps) sums[g] += v;
        }
      if constexpr (G == 1) probe[0] = h == 0 ? row_sum[0] : probe[0] + row_sum[0];
    };
    row(0, out);
    for (std::int64_t h = 1; h < rows; ++h) {
      B row_max[G];
      row(h, row_max);
      for (int g = 0; g < G; ++g) out[g] = max_step_ordered<A, T>(out[g], row_max[g]);  // an earlier row wins ties
    }
    return;
  }
  for (int g = 0; g < G; ++g) out[g] = B(T(0));
  for (std::int64_t h = 0; h < rows; ++h)
    for (std::int64_t t = 0; t < cols; ++t)
      for (int g = 0; g < G; ++g) out[g] += B::load_unaligned(at + h * row_stride + t * C + g * pitch);
  for (int g = 0; g < G; ++g) probe[g] = out[g];
}

// Independent vectors per dense step: enough adds in flight for the add's latency (8 on the
// 32-register tier, 4 on the others, whose 16 registers also hold the loads).
template <class A, class T>
constexpr int sliding_group() {
  return xsimd::batch<T, A>::size * sizeof(T) == 64 ? 8 : 4;
}

// As with_window_size (pool_channel_blocks.hpp), with the 4x4 windows too (SAME pools such as the
// SIGNS ConvNet's 4x4/4 over one vector of channels: per-pixel loops of runtime length cost 10%).
template <class F>
inline void with_sliding_window_size(std::int64_t rows, std::int64_t cols, F&& f) {
  if (rows == 4 && cols == 4)
    f.template operator()<4, 4>();
  else
    with_window_size(rows, cols, f);
}

template <class A, class T>
struct SlidingRow {
  using B = xsimd::batch<T, A>;
  static constexpr std::int64_t L = B::size;

  const Pool2dProblem& p;
  const T* xn;  // image n
  const T* x_end;
  T* y_row;  // output row r
  std::int64_t oh, h_begin, rows, C, W, wo, kw, sw, pl;
  bool is_max;
  xsimd::batch_bool<T, A> valid, valid_high;  // the first C lanes, the last C lanes

  std::int64_t w0(std::int64_t ow) const { return ow * sw - pl; }
  // Whether `elements` from `first` on stay inside x (offsets, not pointers past the end).
  bool inside(const T* first, std::int64_t elements) const { return elements <= x_end - first; }
  const T* row0() const { return xn + h_begin * W * C; }

  // Lanes [0, C) of v to output pixel ow: a whole vector when it stays inside the output row.
  void store_pixel(std::int64_t ow, const B& v) const {
    if ((ow * C + L) <= wo * C)
      v.store_unaligned(y_row + ow * C);
    else
      store_lanes<A>(y_row + ow * C, v, static_cast<int>(C));
  }

  // One output pixel with its own (clipped) window, one vector.
  // The pixel's channels are lanes [0, C) of vectors starting at its taps; where those vectors
  // would run past the tensor (its last pixels) they end at the taps' last channel instead
  // (lanes [L - C, L)); a tensor smaller than one vector takes the scalar rule.
  void pixel(std::int64_t ow) const {
    if (C > L) return pixel_blocks(ow);
    const PoolWindow win = pool_window(p, oh, ow);
    const std::int64_t cols = win.w_end - win.w_begin;
    const T* first = xn + (win.h_begin * W + win.w_begin) * C;
    const bool high = !inside(first, (rows - 1) * W * C + (cols - 1) * C + L);
    if (high && first - x < L - C) return sliding_exact_pixel<A, T>(p, xn, oh, ow, y_row + ow * C);
    const T* at = high ? first - (L - C) : first;
    B probe[1] = {B(T(0))}, v[1] = {B(T(0))};
    with_sliding_window_size(rows, cols, [&]<int R, int K>() {
      sliding_vectors<A, T, R, K, 1>(at, 0, rows, cols, W * C, C, is_max, v, probe);
    });
    if (xsimd::any(xsimd::isnan(probe[0]) & (high ? valid_high : valid)))
      return sliding_exact_pixel<A, T>(p, xn, oh, ow, y_row + ow * C);
    if (!is_max) v[0] = v[0] / B(static_cast<T>(win.divisor));
    if (!high) return store_pixel(ow, v[0]);
    alignas(64) T lanes[L];
    v[0].store_aligned(lanes);
    for (std::int64_t c = 0; c < C; ++c) y_row[ow * C + c] = lanes[L - C + c];
  }

  // One output pixel with its own (clipped) window and more channels than a vector, one vector of
  // channels at a time: the edges at stride 1 (the dense path takes the interior), and every pixel
  // where pool2d_sliding.cpp's kernel_tier ran a narrower tier than the variant's (rows shorter
  // than its vector) with more channels than the narrower vector at stride > 1.
  void pixel_blocks(std::int64_t ow) const {
    const PoolWindow win = pool_window(p, oh, ow);
    const std::int64_t cols = win.w_end - win.w_begin;
    const T* first = xn + (win.h_begin * W + win.w_begin) * C;
    for (std::int64_t c0 = 0; c0 < C; c0 += L) {
      const std::int64_t lanes = std::min(L, C - c0);
      if (!inside(first + c0, (rows - 1) * W * C + (cols - 1) * C + L))  // the tensor's last channels
        return sliding_exact_pixel<A, T>(p, xn, oh, ow, y_row + ow * C);
      B probe[1] = {B(T(0))}, v[1] = {B(T(0))};
      with_sliding_window_size(rows, cols, [&]<int R, int K>() {
        sliding_vectors<A, T, R, K, 1>(first + c0, 0, rows, cols, W * C, C, is_max, v, probe);
      });
      if (xsimd::any(xsimd::isnan(probe[0])))  // (lanes past C belong to the next pixel: conservative)
        return sliding_exact_pixel<A, T>(p, xn, oh, ow, y_row + ow * C);
      if (!is_max) v[0] = v[0] / B(static_cast<T>(win.divisor));
      if (lanes == L)
        v[0].store_unaligned(y_row + ow * C + c0);
      else
        store_lanes<A>(y_row + ow * C + c0, v[0], static_cast<int>(lanes));
    }
  }

  // Interior pixels [a, b) (full windows, one divisor), sliding_group() at a time (independent
  // chains: a window's sum is one dependent add per tap); the rest, and groups whose vectors would
  // run past the tensor, one by one.
  void pixels(std::int64_t a, std::int64_t b, T divisor) const {
    if (C > L) {  // a narrower tier's kernel on rows shorter than the chosen tier's vector (kernel_tier)
      for (std::int64_t ow = a; ow < b; ++ow) pixel_blocks(ow);
      return;
    }
    const std::int64_t span = (rows - 1) * W * C + (kw - 1) * C + L;  // one pixel's vectors
    std::int64_t ow = a;
    with_sliding_window_size(rows, kw, [&]<int R, int K>() {
      // N pixels from ow on; false (nothing done) where their vectors would run past the tensor.
      const auto run = [&]<int N>() {
        const T* first = xn + (h_begin * W + w0(ow)) * C;
        if (!inside(first, (N - 1) * sw * C + span)) return false;
        B v[N], probe[N];
        sliding_vectors<A, T, R, K, N>(first, sw * C, rows, kw, W * C, C, is_max, v, probe);
        for (int g = 0; g < N; ++g) {
          if (xsimd::any(xsimd::isnan(probe[g]) & valid))
            sliding_exact_pixel<A, T>(p, xn, oh, ow + g, y_row + (ow + g) * C);
          else
            store_pixel(ow + g, is_max ? v[g] : v[g] / B(divisor));
        }
        return true;
      };
      constexpr int G = sliding_group<A, T>();
      while (ow + G <= b && run.template operator()<G>()) ow += G;
      while (ow < b && run.template operator()<1>()) ++ow;
    });
    for (; ow < b; ++ow) pixel(ow);  // the tensor's last pixels
  }

  // Dense positions [e_a, e_b) (e_b - e_a >= L) to dst[0, e_b - e_a); returns whether a probe saw NaN.
  bool dense(std::int64_t e_a, std::int64_t e_b, T divisor, T* dst) const {
    const T* base = row0();
    xsimd::batch_bool<T, A> nan(false);
    const B d(divisor);
    with_sliding_window_size(rows, kw, [&]<int R, int K>() {
      constexpr int G = sliding_group<A, T>();
      std::int64_t e = e_a;
      for (; e + G * L <= e_b; e += G * L) {
        B v[G], probe[G];
        sliding_vectors<A, T, R, K, G, false>(base + e, L, rows, kw, W * C, C, is_max, v, probe);
        for (int g = 0; g < G; ++g) {
          nan = nan | xsimd::isnan(probe[g]);
          if (!is_max) v[g] = v[g] / d;
          v[g].store_unaligned(dst + (e - e_a) + g * L);
        }
      }
      for (; e < e_b; e += L) {
        const std::int64_t at = std::min(e, e_b - L);  // the last vector ends at e_b (recomputing some)
        B v[1], probe[1];
        sliding_vectors<A, T, R, K, 1, false>(base + at, 0, rows, kw, W * C, C, is_max, v, probe);
        nan = nan | xsimd::isnan(probe[0]);
        if (!is_max) v[0] = v[0] / d;
        v[0].store_unaligned(dst + (at - e_a));
      }
    });
    if (is_max) {  // the rows' last (kw - 1) * C elements, which no vector's first tap loaded
      const std::int64_t tail_end = e_b + (kw - 1) * C;
      for (std::int64_t h = 0; h < rows; ++h)
        for (std::int64_t e = e_b; e < tail_end; e += L)
          nan = nan | xsimd::isnan(B::load_unaligned(base + h * W * C + std::min(e, tail_end - L)));
    }
    return xsimd::any(nan);
  }

  void run() const {
    for (std::int64_t ow = 0; ow < ow_lo; ++ow) pixel(ow);
    bool nan = false;
    if (ow_hi > ow_lo) {
      const T divisor = static_cast<T>(pool_window(p, oh, ow_lo).divisor);
      const bool dense_ok = (sw == 1 || sw * C < kSlidingDenseVectors * L) && (w0(ow_hi - 1) - w0(ow_lo)) * C + C >= L;
      if (dense_ok && sw == 1) {
        nan = dense(w0(ow_lo) * C, w0(ow_hi - 1) * C + C, divisor, y_row + ow_lo * C);
      } else if (dense_ok) {
        alignas(64) T buf[kSlidingBufferBytes / sizeof(T) + L];
        const std::int64_t per_segment = static_cast<std::int64_t>(kSlidingBufferBytes / sizeof(T)) / (sw * C);
        for (std::int64_t a = ow_lo; a < ow_hi; a += per_segment) {
          const std::int64_t b = std::min(ow_hi, a + per_segment);
          const std::int64_t e_a = w0(a) * C, e_b = w0(b - 1) * C + C;
          if (e_b - e_a < L) {  // a short last segment
            for (std::int64_t ow = a; ow < b; ++ow) pixel(ow);
            continue;
          }
          nan = dense(e_a, e_b, divisor, buf) || nan;
          for (std::int64_t ow = a; ow < b; ++ow) store_pixel(ow, B::load_unaligned(buf + (w0(ow) * C - e_a)));
        }
      } else {
        pixels(ow_lo, ow_hi, divisor);
      }
    }
    for (std::int64_t ow = ow_hi; ow < wo; ++ow) pixel(ow);
    if (nan) {  // some window of the row saw a NaN: the whole row again, exactly
      const std::int64_t r = (y_row - y_base) / (wo * C);
      pool_fwd_rows<A, T>(p, x, y_base, r, r + 1, 1, false);  // one part: the whole row
    }
  }

  const T* x;
  T* y_base;
  std::int64_t ow_lo, ow_hi;  // the interior output pixels: w0 >= 0 and w0 + kw <= W
};

template <class A, class T>
void pool_fwd_sliding(const Pool2dProblem& p, const T* x, T* y, std::int64_t begin, std::int64_t end) {
  using B = xsimd::batch<T, A>;
  const Pool2dParams& q = p.params;
  const std::int64_t ho = p.y.h, wo = p.y.w, C = p.x.c, W = p.x.w;
  alignas(64) T lane_index[B::size];
  for (std::size_t i = 0; i < B::size; ++i) lane_index[i] = static_cast<T>(i);
  const auto valid = B::load_aligned(lane_index) < B(static_cast<T>(C));
  const auto valid_high = B::load_aligned(lane_index) >= B(static_cast<T>(static_cast<std::int64_t>(B::size) - C));
  const std::int64_t pl = q.pad.left, sw = q.stride_w, kw = q.kernel_w;
  const std::int64_t ow_lo = std::min(wo, (pl + sw - 1) / sw);
  const std::int64_t last = W - kw + pl;  // the largest w0 + pl of an interior window
  const std::int64_t ow_hi = std::max(ow_lo, last < 0 ? 0 : std::min(wo, last / sw + 1));
  for (std::int64_t r = begin, n = begin / ho, oh = begin % ho; r < end; ++r) {
    const PoolWindow win = pool_window(p, oh, 0);
    const SlidingRow<A, T> row{p,
                               x + n * p.x.h * W * C,
                               x + p.x.n * p.x.h * W * C,
                               y + r * wo * C,
                               oh,
                               win.h_begin,
                               win.h_end - win.h_begin,
                               C,
                               W,
                               wo,
                               kw,
                               sw,
                               pl,
                               q.mode == PoolMode::max,
                               valid,
                               valid_high,
                               x,
                               y,
                               ow_lo,
                               ow_hi};
    if (++oh == ho) oh = 0, ++n;
    row.run();
  }
}

}  // namespace cnnkit::ops::kernels

// Forward pooling over items [begin, end) of n*ho output rows x `parts` column parts, vectorised across channels: per output
// pixel the clipped window (pool_window), per channel block the window's taps in the reference's
// order (rows, then columns). Max takes one max instruction per tap plus a NaN probe and redoes
// flagged windows with max_step (so it is bitwise the reference's winner, NaN and +-0 included);
// average adds from +0 in the same order and divides by the same divisor, bitwise the reference
// too; a window whose sum is NaN is redone with the reference's sticky steps (nan_sticky_add), so
// the NaN that wins does not depend on the operand order the compiler gave the adds. Large outputs
// go out with streaming stores when every vector store is aligned.
#pragma once

#include <algorithm>
#include <bit>
#include <cstdint>
#include <xsimd/xsimd.hpp>

#include "ops/pool2d/kernels/pool_channel_blocks.hpp"
#include "ops/pool2d/kernels/pool_lane_ops.hpp"
#include "ops/pool2d/pool2d_window.hpp"
#include "simd/stream_store.hpp"

namespace cnnkit::ops::kernels {

// P pixels of one output row with windows of the same size, channels [c0, c0 + NV vectors).
// first[i]: pixel i's first window cell at channel c0; out: pixel 0's output at channel c0.
// R x K > 0: the window size is known at compile time (rows and cols are R and K), so the tap loops
// unroll completely (see with_window_size).
template <class A, class T, int NV, bool Tail, int P, int R, int K>
inline void pool_fwd_pixels(const T* const* first, std::int64_t rows_, std::int64_t cols_, std::int64_t row_stride,
                            std::int64_t C, bool is_max, T divisor, T* out, int tail, const T* x_end, bool stream,
                            bool prefetch) {
  const std::int64_t rows = R > 0 ? R : rows_, cols = K > 0 ? K : cols_;
  using B = xsimd::batch<T, A>;
  constexpr int L = static_cast<int>(B::size);
  B acc[P][NV];
  // Prefetch along the rows only when this block is the pixel's every channel: with more, the
  // lines kPoolPrefetchBytes ahead are this pixel's next blocks, loaded next anyway, and prefetching
  // the whole window per block cost 5-10x on global and 1000-channel pools.
  if (prefetch && C <= NV * L) prefetch_window_rows<A>(first[0], first[P - 1], rows, cols, row_stride, C);
  if (is_max) {
    // Fast path: one max per tap plus a NaN probe; a window with a NaN (or +inf meeting -inf)
    // is redone with the reference's rule.
    B probe[P][NV];
    for (int i = 0; i < P; ++i)
      for (int v = 0; v < NV; ++v) probe[i][v] = acc[i][v] = load_block<A, T, NV, Tail>(first[i], v, tail, x_end);
    for (std::int64_t h = 0; h < rows; ++h)
      for (std::int64_t w = h == 0 ? 1 : 0; w < cols; ++w) {
        const std::int64_t at = h * row_stride + w * C;
        for (int i = 0; i < P; ++i)
          for (int v = 0; v < NV; ++v) {
            const B x = load_block<A, T, NV, Tail>(first[i] + at, v, tail, x_end);
            acc[i][v] = max_step_ordered<A, T>(acc[i][v], x);
            probe[i][v] += x;
          }
      }
    for (int i = 0; i < P; ++i)
      for (int v = 0; v < NV; ++v) {
        if (!any_nan<A, T>(probe[i][v])) continue;
        acc[i][v] = load_block<A, T, NV, Tail>(first[i], v, tail, x_end);
        for (std::int64_t h = 0; h < rows; ++h)
          for (std::int64_t w = h == 0 ? 1 : 0; w < cols; ++w)
            acc[i][v] = max_step<A, T>(acc[i][v], load_block<A, T, NV, Tail>(first[i] + h * row_stride + w * C, v, tail, x_end));
      }
  } else {
    for (int i = 0; i < P; ++i)
      for (int v = 0; v < NV; ++v) acc[i][v] = B(T(0));
    for (std::int64_t h = 0; h < rows; ++h)
      for (std::int64_t w = 0; w < cols; ++w) {
        const std::int64_t at = h * row_stride + w * C;
        for (int i = 0; i < P; ++i)
          for (int v = 0; v < NV; ++v) acc[i][v] += load_block<A, T, NV, Tail>(first[i] + at, v, tail, x_end);
      }
    // A NaN sum: the window saw a NaN (or +inf and -inf). Redo it with the reference's sticky
    // steps, so the first NaN in tap order wins whatever operand order the adds above took.
    for (int i = 0; i < P; ++i)
      for (int v = 0; v < NV; ++v) {
        if (!any_nan<A, T>(acc[i][v])) continue;
        acc[i][v] = B(T(0));
        for (std::int64_t h = 0; h < rows; ++h)
          for (std::int64_t w = 0; w < cols; ++w)
            acc[i][v] = sticky_add<A, T>(acc[i][v], load_block<A, T, NV, Tail>(first[i] + h * row_stride + w * C, v, tail, x_end));
      }
    // A power-of-two divisor has an exact reciprocal, and x * (1/d) rounds the same real number
    // x / d does (NaN payloads, infinities and subnormals included): one multiply instead of a
    // divide, whose throughput (10 cycles per 16 floats on this Xeon) bounds 2x2 and 4x4 pools.
    if (is_power_of_two<T>(divisor)) {
      const B r(T(1) / divisor);
      for (int i = 0; i < P; ++i)
        for (int v = 0; v < NV; ++v) acc[i][v] = acc[i][v] * r;
    } else {
      const B d(divisor);
      for (int i = 0; i < P; ++i)
        for (int v = 0; v < NV; ++v) acc[i][v] = acc[i][v] / d;
    }
  }
  for (int i = 0; i < P; ++i) {
    if (stream && !Tail) {
      for (int v = 0; v < NV; ++v) simd::stream_store<A>(out + i * C + v * L, acc[i][v]);
    } else {
      for (int v = 0; v < NV; ++v) store_block<A, T, NV, Tail>(out + i * C, v, tail, acc[i][v]);
    }
  }
}

// One pixel with many channels (C * sizeof(T) >= kPoolWideBytes, e.g. a global pool over 2048
// channels): taps outer, channels inner, accumulating in the output itself (L1-resident), so x is
// read in long contiguous runs instead of one short block per tap and channel block. Same order of
// steps per channel as the reference, so the same bits.
template <class A, class T>
inline void pool_fwd_wide_pixel(const T* xn, const PoolWindow& win, std::int64_t W, std::int64_t C, bool is_max,
                                T* yp, const T* x_end) {
  using B = xsimd::batch<T, A>;
  constexpr std::int64_t L = B::size;
  const std::int64_t full = C / L * L;
  const int tail = static_cast<int>(C - full);
  const auto for_vectors = [&](auto&& f) {
    for (std::int64_t c = 0; c < full; c += L) f.template operator()<false>(c);
    if (tail > 0) f.template operator()<true>(full);
  };
  for (std::int64_t h = win.h_begin; h < win.h_end; ++h)
    for (std::int64_t w = win.w_begin; w < win.w_end; ++w) {
      const T* xp = xn + (h * W + w) * C;
      const bool first = h == win.h_begin && w == win.w_begin;
      for_vectors([&]<bool Tail>(std::int64_t c) {
        const B v = load_block<A, T, 1, Tail>(xp + c, 0, tail, x_end);
        B acc;
        if (first)
          acc = is_max ? v : B(T(0)) + v;
        else {
          const B y = load_block<A, T, 1, Tail>(yp + c, 0, tail, yp + C);  // never past this pixel
          acc = is_max ? max_step<A, T>(y, v) : y + v;
        }
        store_block<A, T, 1, Tail>(yp + c, 0, tail, acc);
      });
    }
  if (!is_max) {
    const B divisor(static_cast<T>(win.divisor));
    for_vectors([&]<bool Tail>(std::int64_t c) {
      B sum = load_block<A, T, 1, Tail>(yp + c, 0, tail, yp + C);
      if (any_nan<A, T>(sum)) {  // redone with the reference's sticky steps (see pool_fwd_pixels)
        sum = B(T(0));
        for (std::int64_t h = win.h_begin; h < win.h_end; ++h)
          for (std::int64_t w = win.w_begin; w < win.w_end; ++w)
            sum = sticky_add<A, T>(sum, load_block<A, T, 1, Tail>(xn + (h * W + w) * C + c, 0, tail, x_end));
      }
      store_block<A, T, 1, Tail>(yp + c, 0, tail, sum / divisor);
    });
  }
}

// P windows of the same size (pool_fwd_pixels per channel block), pixel i's window read from
// xn + i * pixel_stride + its window's cells (pixel_stride 0: pixels of one row; one image: images
// of a global pool) and written to out + i * C.
template <class A, class T, int P>
inline void pool_fwd_group(const Pool2dProblem& p, const T* xn, std::int64_t pixel_stride, const PoolWindow* win, T* out,
                           const T* x_end, bool stream, bool prefetch) {
  const std::int64_t C = p.x.c, W = p.x.w;
  const bool is_max = p.params.mode == PoolMode::max;
  const std::int64_t rows = win[0].h_end - win[0].h_begin, cols = win[0].w_end - win[0].w_begin;
  for_channel_blocks<A, T>(C, [&]<int NV, bool Tail>(std::int64_t c0, int tail) {
    constexpr int S = std::max(1, std::min(P, pool_chains<A, T>() / NV));
    for (int i0 = 0; i0 < P; i0 += S) {
      const T* first[S];
      for (int i = 0; i < S; ++i)
        first[i] = xn + (i0 + i) * pixel_stride + (win[i0 + i].h_begin * W + win[i0 + i].w_begin) * C + c0;
      with_window_size(rows, cols, [&]<int R, int K>() {
        pool_fwd_pixels<A, T, NV, Tail, S, R, K>(first, rows, cols, W * C, C, is_max, static_cast<T>(win[i0].divisor),
                                                 out + i0 * C + c0, tail, x_end, stream, prefetch);
      });
    }
  });
}

template <class A, class T>
void pool_fwd_rows(const Pool2dProblem& p, const T* x, T* y, std::int64_t begin, std::int64_t end, std::int64_t parts,
                   bool stream) {
  using B = xsimd::batch<T, A>;
  const std::int64_t C = p.x.c, W = p.x.w, ho = p.y.h, wo = p.y.w;
  const bool is_max = p.params.mode == PoolMode::max;
  const T* x_end = x + p.x.n * p.x.h * W * C;
  stream = stream && C % static_cast<std::int64_t>(B::size) == 0 && simd::elements_to_alignment(y, sizeof(B)) == 0;
  // Taps outer only for large windows over many channels (global pools over 1024+ channels): it
  // reads x as one stream, but loads and stores the output once per tap, which costs 2.5x on a
  // 3x3 window over 2048 channels (Inception's stride-1 average pools) against taps in registers.
  // Also when the channels take more than one block and the window outgrows the L2 cache: each
  // block would walk the whole window again (3 passes over 1.8 MB per image on EfficientNet's
  // 56x56x144 squeeze-excite pool: taps outer 7% faster; on its 0.5-1.2 MB windows, 1.4-1.6x slower).
  const std::int64_t taps = p.params.kernel_h * p.params.kernel_w;
  const bool one_block = C <= kPoolVectors * static_cast<std::int64_t>(B::size);
  const bool wide = taps >= kPoolWideMinTaps &&
                    (C * static_cast<std::int64_t>(sizeof(T)) >= kPoolWideBytes ||
                     (!one_block && taps * C * static_cast<std::int64_t>(sizeof(T)) >= kPoolWideMinWindowBytes));
  // Software prefetch only for inputs beyond the L2 cache: on cache-resident ones the hardware keeps
  // up and the prefetch loop costs up to 1.3x (MNIST's and AlexNet's small pools); beyond it, it is
  // worth 1.3x (VGG's, ResNet's and U-Net's batched pools).
  const bool prefetch = p.x.n * p.x.h * W * C * static_cast<std::int64_t>(sizeof(T)) >= kPoolPrefetchMinBytes;
  // A global pool (one output pixel per image) has a single dependency chain per channel vector:
  // its pixels are grouped across images instead, so up to kPoolGroup chains are in flight. Only
  // on one channel block: with several, the grouped windows are walked once per block (measured
  // 1.3x slower on a 9x9 window over 320 channels, 16 images).
  // (wo = 1 leaves one part per row: items are rows there.)
  const bool across_images = ho == 1 && wo == 1 && !wide && one_block;
  for (std::int64_t item = begin; item < end; ++item) {
    const PoolRowPart part = pool_row_part(item, parts, wo);  // not a structured binding: clang 14's
    const std::int64_t r = part.row, ow_begin = part.ow_begin, ow_end = part.ow_end;  // lambdas cannot capture one
    const std::int64_t n = r / ho, oh = r % ho;
    const T* xn = x + n * p.x.h * W * C;
    if (wide) {
      for (std::int64_t ow = ow_begin; ow < ow_end; ++ow)
        pool_fwd_wide_pixel<A, T>(xn, pool_window(p, oh, ow), W, C, is_max, y + (r * wo + ow) * C, x_end);
      continue;
    }
    if (across_images) {
      // Images r, r+1, ... share the window; their outputs are C apart, like a row's pixels.
      const PoolWindow global = pool_window(p, 0, 0);
      const PoolWindow win[kPoolGroup] = {global, global, global, global};
      const std::int64_t image = p.x.h * W * C, left = end - item;
      T* out = y + r * C;
      if (left >= kPoolGroup) {
        pool_fwd_group<A, T, kPoolGroup>(p, xn, image, win, out, x_end, stream, prefetch), item += kPoolGroup - 1;
      } else if (left >= 2) {
        pool_fwd_group<A, T, 2>(p, xn, image, win, out, x_end, stream, prefetch), item += 1;
      } else {
        pool_fwd_group<A, T, 1>(p, xn, image, win, out, x_end, stream, prefetch);
      }
      continue;
    }
    for_pixel_groups(p, oh, ow_begin, ow_end, [&]<int P>(std::int64_t ow, const PoolWindow* win) {
      const std::int64_t rows = win[0].h_end - win[0].h_begin, cols = win[0].w_end - win[0].w_begin;
      T* out = y + (r * wo + ow) * C;
      for_channel_blocks<A, T>(C, [&]<int NV, bool Tail>(std::int64_t c0, int tail) {
        constexpr int S = std::max(1, std::min(P, pool_chains<A, T>() / NV));
        for (int i0 = 0; i0 < P; i0 += S) {
          const T* first[S];
          for (int i = 0; i < S; ++i) first[i] = xn + (win[i0 + i].h_begin * W + win[i0 + i].w_begin) * C + c0;
          with_window_size(rows, cols, [&]<int R, int K>() {
            pool_fwd_pixels<A, T, NV, Tail, S, R, K>(first, rows, cols, W * C, C, is_max, static_cast<T>(win[i0].divisor),
                                                     out + i0 * C + c0, tail, x_end, stream, prefetch);
          });
        }
      });
    });
  }
  if (stream) simd::stream_fence();
}

}  // namespace cnnkit::ops::kernels

// Forward pooling over output rows [begin, end) of n*ho, vectorised across channels: per output
// pixel the clipped window (pool_window), per channel block the window's taps in the reference's
// order (rows, then columns). Max applies max_step tap by tap (bitwise the reference's winner,
// NaN and +-0 included); average adds from +0 in the same order and divides by the same divisor,
// so it is bitwise the reference too. Large outputs go out with streaming stores when every vector
// store is aligned (stream = true from the driver).
#pragma once

#include <cstdint>
#include <xsimd/xsimd.hpp>

#include "ops/pool2d/kernels/pool_channel_blocks.hpp"
#include "ops/pool2d/kernels/pool_lane_ops.hpp"
#include "ops/pool2d/pool2d_window.hpp"
#include "simd/stream_store.hpp"

namespace cnnkit::ops::kernels {

template <class A, class T>
void pool_fwd_rows(const Pool2dProblem& p, const T* x, T* y, std::int64_t begin, std::int64_t end, bool stream) {
  using B = xsimd::batch<T, A>;
  constexpr std::int64_t L = B::size;
  const std::int64_t C = p.x.c, W = p.x.w, ho = p.y.h, wo = p.y.w;
  const bool is_max = p.params.mode == PoolMode::max;
  stream = stream && C % L == 0 && simd::elements_to_alignment(y, sizeof(B)) == 0;
  for (std::int64_t r = begin; r < end; ++r) {
    const std::int64_t n = r / ho, oh = r % ho;
    const T* xn = x + n * p.x.h * W * C;
    for (std::int64_t ow = 0; ow < wo; ++ow) {
      const PoolWindow win = pool_window(p, oh, ow);
      T* yp = y + ((r * wo) + ow) * C;
      for_channel_blocks<A, T>(C, [&]<int NV, bool Tail>(std::int64_t c0, int tail) {
        B acc[NV];
        if (is_max) {
          // The first cell is the start; the rest of its row, then the other rows, in order.
          const T* first = xn + (win.h_begin * W + win.w_begin) * C + c0;
          for (int v = 0; v < NV; ++v) acc[v] = load_block<A, T, NV, Tail>(first, v, tail);
          for (std::int64_t w = win.w_begin + 1; w < win.w_end; ++w)
            for (int v = 0; v < NV; ++v)
              acc[v] = max_step<A, T>(acc[v], load_block<A, T, NV, Tail>(first + (w - win.w_begin) * C, v, tail));
          for (std::int64_t h = win.h_begin + 1; h < win.h_end; ++h) {
            const T* row = xn + (h * W + win.w_begin) * C + c0;
            for (std::int64_t w = 0; w < win.w_end - win.w_begin; ++w)
              for (int v = 0; v < NV; ++v) acc[v] = max_step<A, T>(acc[v], load_block<A, T, NV, Tail>(row + w * C, v, tail));
          }
        } else {
          for (int v = 0; v < NV; ++v) acc[v] = B(T(0));
          for (std::int64_t h = win.h_begin; h < win.h_end; ++h) {
            const T* row = xn + (h * W + win.w_begin) * C + c0;
            for (std::int64_t w = 0; w < win.w_end - win.w_begin; ++w)
              for (int v = 0; v < NV; ++v) acc[v] += load_block<A, T, NV, Tail>(row + w * C, v, tail);
          }
          const B divisor(static_cast<T>(win.divisor));
          for (int v = 0; v < NV; ++v) acc[v] = acc[v] / divisor;
        }
        if (stream && !Tail) {
          for (int v = 0; v < NV; ++v) simd::stream_store<A>(yp + c0 + v * L, acc[v]);
        } else {
          for (int v = 0; v < NV; ++v) store_block<A, T, NV, Tail>(yp + c0, v, tail, acc[v]);
        }
      });
    }
  }
  if (stream) simd::stream_fence();
}

}  // namespace cnnkit::ops::kernels

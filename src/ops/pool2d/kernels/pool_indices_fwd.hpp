// Max pooling forward with saved indices, vectorised across channels: the winner search of the
// x-based backward (pool_bwd_winners: the reference's rule per lane, the winning tap tracked as a
// T, exact while the window has at most 2^24 cells for float) over up to kPoolGroup windows of an
// output row at once; the winner's value is y, its tap becomes the plane index h * W + w at store.
// Include only from tier translation units (*.<tier>.cpp).
#pragma once

#include <algorithm>
#include <cstdint>
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

// Output rows [begin, end) of n*ho.
template <class A, class T>
void pool_fwd_indices_rows(const Pool2dProblem& p, const T* x, T* y, std::int32_t* indices, std::int64_t begin,
                           std::int64_t end) {
  using B = xsimd::batch<T, A>;
  constexpr int L = static_cast<int>(B::size);
  const std::int64_t C = p.x.c, W = p.x.w, ho = p.y.h, wo = p.y.w;
  const std::int64_t image = p.x.h * W * C;
  const T* x_end = x + p.x.n * image;
  for (std::int64_t g = begin; g < end; ++g) {
    const std::int64_t n = g / ho, oh = g % ho;
    const T* xi = x + n * image;
    for_pixel_groups(p, oh, [&]<int P>(std::int64_t ow, const PoolWindow* win) {
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

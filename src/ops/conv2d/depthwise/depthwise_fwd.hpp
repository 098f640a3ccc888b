// Depthwise forward, one tier: output rows [begin, end) of all images (item = n * ho + oh), every
// channel, on the calling thread. Interior pixels (all kw taps inside the input row) run as MR
// tiles over one tap list; the few edge pixels each get the list of their in-range taps.
#pragma once

#include <algorithm>
#include <cstdint>

#include "core/workspace.hpp"
#include "ops/conv2d/conv2d_problem.hpp"
#include "ops/conv2d/depthwise/depthwise_tile.hpp"
#include "ops/nhwc_index.hpp"

namespace cnnkit::ops::kernels {

template <class A, class T, int MR>
void depthwise_fwd_rows(const Conv2dProblem& p, const T* x, const T* w, const T* b, T* y, std::int64_t begin,
                        std::int64_t end) {
  const Conv2dParams& q = p.params;
  const std::int64_t kh = p.w.kh, kw = p.w.kw, C = p.x.c, W = p.x.w;
  const std::int64_t sw = q.stride_w, pl = q.pad.left, dw = q.dilation_w;
  DepthwiseTap* taps = core::thread_scratch<DepthwiseTap>(core::ScratchSlot::input_band, 2 * kh * kw);
  DepthwiseTap* edge = taps + kh * kw;
  // Output columns whose every tap column lies inside the input: [lo, hi].
  const std::int64_t lo = std::min(p.y.w, (pl + sw - 1) / sw);
  const std::int64_t span = W - 1 + pl - (kw - 1) * dw;
  const std::int64_t hi = span < 0 ? -1 : std::min(p.y.w - 1, span / sw);

  for (std::int64_t item = begin; item < end; ++item) {
    const std::int64_t n = item / p.y.h, oh = item % p.y.h;
    int count = 0;
    for (std::int64_t i = 0; i < kh; ++i) {
      const std::int64_t ih = oh * q.stride_h - q.pad.top + i * q.dilation_h;
      if (ih < 0 || ih >= p.x.h) continue;
      for (std::int64_t j = 0; j < kw; ++j)
        taps[count++] = {offset(p.x, n, ih, 0, 0) + (j * dw - pl) * C, (i * kw + j) * C};
    }
    T* y_row = y + offset(p.y, n, oh, 0, 0);
    // Edge pixel ow: only the taps whose column ow*sw - pl + j*dw is inside the row.
    auto edge_pixel = [&](std::int64_t ow) {
      int kept = 0;
      for (int k = 0; k < count; ++k) {
        const std::int64_t j = (taps[k].w / C) % kw, iw = ow * sw - pl + j * dw;
        if (iw >= 0 && iw < W) edge[kept++] = taps[k];
      }
      depthwise_run<A, T, MR>(x + ow * sw * C, 0, edge, kept, w, y_row + ow * C, 0, b, 1, C);
    };
    if (lo > hi) {
      for (std::int64_t ow = 0; ow < p.y.w; ++ow) edge_pixel(ow);
      continue;
    }
    for (std::int64_t ow = 0; ow < lo; ++ow) edge_pixel(ow);
    depthwise_run<A, T, MR>(x + lo * sw * C, sw * C, taps, count, w, y_row + lo * C, C, b, hi - lo + 1, C);
    for (std::int64_t ow = hi + 1; ow < p.y.w; ++ow) edge_pixel(ow);
  }
}

}  // namespace cnnkit::ops::kernels

// Depthwise backward data, one tier: dx rows [begin, end) of all images (item = n * h + ih), every
// channel, on the calling thread. dx(ih, iw) gathers dy(oh, ow) * w(i, j) over the taps with
// ih = oh*sh - pt + i*dh and iw = ow*sw - pl + j*dw. The dx columns of one stride phase
// (iw = ph + t*sw) see the same taps j, at dy column t + base_j, so a phase is a stride-1 run for
// the shared microkernel; pixels whose taps all land inside dy form its interior.
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>

#include "core/workspace.hpp"
#include "ops/conv2d/conv2d_problem.hpp"
#include "ops/conv2d/depthwise/depthwise_tile.hpp"
#include "ops/nhwc_index.hpp"

namespace cnnkit::ops::kernels {

template <class A, class T, int MR>
void depthwise_bwd_data_rows(const Conv2dProblem& p, const T* dy, const T* w, T* dx, std::int64_t begin,
                             std::int64_t end) {
  const Conv2dParams& q = p.params;
  const std::int64_t kh = p.w.kh, kw = p.w.kw, C = p.x.c, W = p.x.w, Wo = p.y.w;
  const std::int64_t sw = q.stride_w, pl = q.pad.left, dw = q.dilation_w;
  DepthwiseTap* taps = core::thread_scratch<DepthwiseTap>(core::ScratchSlot::input_band, 3 * kh * kw);
  DepthwiseTap* edge = taps + kh * kw;
  std::int64_t* base = reinterpret_cast<std::int64_t*>(taps + 2 * kh * kw);  // per tap: dy column of t = 0
  const std::int64_t phases = std::min(sw, W);

  for (std::int64_t item = begin; item < end; ++item) {
    const std::int64_t n = item / p.x.h, ih = item % p.x.h;
    T* dx_row = dx + offset(p.x, n, ih, 0, 0);
    for (std::int64_t ph = 0; ph < phases; ++ph) {
      int count = 0;
      std::int64_t t_lo = 0, t_hi = std::numeric_limits<std::int64_t>::max();  // interior t range
      for (std::int64_t i = 0; i < kh; ++i) {
        const std::int64_t a = ih + q.pad.top - i * q.dilation_h;
        if (a < 0 || a % q.stride_h != 0 || a / q.stride_h >= p.y.h) continue;
        const std::int64_t oh = a / q.stride_h;
        for (std::int64_t j = 0; j < kw; ++j) {
          const std::int64_t c = ph + pl - j * dw;  // = (t + base) * sw at t = 0
          if (c % sw != 0) continue;
          const std::int64_t col = c / sw;  // exact: may be negative
          base[count] = col;
          taps[count++] = {offset(p.y, n, oh, 0, 0) + col * C, (i * kw + j) * C};
          t_lo = std::max(t_lo, -col);
          t_hi = std::min(t_hi, Wo - 1 - col);
        }
      }
      const std::int64_t pixels = (W - 1 - ph) / sw + 1;
      T* out = dx_row + ph * C;
      auto edge_pixel = [&](std::int64_t t) {
        int kept = 0;
        for (int k = 0; k < count; ++k)
          if (t + base[k] >= 0 && t + base[k] < Wo) edge[kept++] = taps[k];
        depthwise_run<A, T, MR>(dy + t * C, 0, edge, kept, w, out + t * sw * C, 0, nullptr, 1, C);
      };
      const std::int64_t lo = std::min(t_lo, pixels), hi = std::min(t_hi, pixels - 1);
      if (lo > hi) {
        for (std::int64_t t = 0; t < pixels; ++t) edge_pixel(t);
        continue;
      }
      for (std::int64_t t = 0; t < lo; ++t) edge_pixel(t);
      depthwise_run<A, T, MR>(dy + lo * C, C, taps, count, w, out + lo * sw * C, sw * C, nullptr, hi - lo + 1, C);
      for (std::int64_t t = hi + 1; t < pixels; ++t) edge_pixel(t);
    }
  }
}

}  // namespace cnnkit::ops::kernels

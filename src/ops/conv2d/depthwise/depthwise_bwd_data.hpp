// Depthwise backward data, one tier: dx rows [begin, end) of all images (item = n * h + ih), every
// channel, on the calling thread. dx(ih, iw) gathers dy(oh, ow) * w(i, j) over the taps with
// ih = oh*sh - pt + i*dh and iw = ow*sw - pl + j*dw. The dx columns of one stride phase
// (iw = ph + t*sw) see the same column taps j, each at dy column t + base_j, so a phase of a row
// is one stride-1 run of the shared microkernel (its taps listed by increasing dy column, i.e.
// decreasing j); its kernel rows are those whose dy row exists.
#pragma once

#include <algorithm>
#include <cstdint>

#include "core/workspace.hpp"
#include "ops/conv2d/conv2d_problem.hpp"
#include "ops/conv2d/depthwise/depthwise_tile.hpp"
#include "ops/nhwc_index.hpp"

namespace cnnkit::ops::kernels {

template <class A, class T, int MR, int NV>
void depthwise_bwd_data_rows(const Conv2dProblem& p, const T* dy, const T* w, T* dx, std::int64_t begin,
                             std::int64_t end) {
  const Conv2dParams& q = p.params;
  const std::int64_t kh = p.w.kh, kw = p.w.kw, C = p.x.c, W = p.x.w, Wo = p.y.w;
  const std::int64_t sw = q.stride_w, pl = q.pad.left, dw = q.dilation_w;
  const std::int64_t phases = std::min(sw, W);
  // Per phase: up to kw column taps (in, w, lo, hi), then its tap count, interior [lo, hi] and
  // whether it slides; after all phases, the rows.
  std::int64_t* lists = core::thread_scratch<std::int64_t>(core::ScratchSlot::input_band, phases * (4 * kw + 4) + 2 * kh);
  std::int64_t* row_in = lists + phases * (4 * kw + 4);
  std::int64_t* row_w = row_in + kh;
  for (std::int64_t ph = 0; ph < phases; ++ph) {
    std::int64_t* l = lists + ph * (4 * kw + 4);
    const std::int64_t pixels = (W - 1 - ph) / sw + 1;
    std::int64_t count = 0, lo_all = 0, hi_all = pixels - 1;
    for (std::int64_t j = kw - 1; j >= 0; --j) {
      const std::int64_t c = ph + pl - j * dw;  // = base_j * sw when tap j reaches this phase
      if (c % sw != 0) continue;
      const std::int64_t base = c / sw;  // exact; may be negative
      l[count] = base * C, l[kw + count] = j * C;
      l[2 * kw + count] = std::max<std::int64_t>(0, -base);
      l[3 * kw + count] = std::min(pixels - 1, Wo - 1 - base);
      lo_all = std::max(lo_all, l[2 * kw + count]), hi_all = std::min(hi_all, l[3 * kw + count]);
      ++count;
    }
    bool sliding = count > 0;
    for (std::int64_t k = 0; k + 1 < count; ++k) sliding = sliding && l[k + 1] - l[k] == C;
    l[4 * kw] = count, l[4 * kw + 1] = lo_all, l[4 * kw + 2] = hi_all, l[4 * kw + 3] = sliding;
  }

  for (std::int64_t item = begin; item < end; ++item) {
    const std::int64_t n = item / p.x.h, ih = item % p.x.h;
    int rows = 0;
    for (std::int64_t i = 0; i < kh; ++i) {
      const std::int64_t a = ih + q.pad.top - i * q.dilation_h;
      if (a < 0 || a % q.stride_h != 0 || a / q.stride_h >= p.y.h) continue;
      row_in[rows] = offset(p.y, n, a / q.stride_h, 0, 0), row_w[rows] = i * kw * C;
      ++rows;
    }
    T* dx_row = dx + offset(p.x, n, ih, 0, 0);
    for (std::int64_t ph = 0; ph < phases; ++ph) {
      const std::int64_t* l = lists + ph * (4 * kw + 4);
      DepthwiseRun run;
      run.rows = rows, run.row_in = row_in, run.row_w = row_w;
      run.cols = static_cast<int>(l[4 * kw]);
      run.col_in = l, run.col_w = l + kw, run.col_lo = l + 2 * kw, run.col_hi = l + 3 * kw;
      run.in_pixel = C;
      run.interior_lo = l[4 * kw + 1], run.interior_hi = l[4 * kw + 2], run.sliding = l[4 * kw + 3] != 0;
      depthwise_run<A, T, MR, NV>(run, dy, w, dx_row + ph * C, sw * C, nullptr, (W - 1 - ph) / sw + 1, C);
    }
  }
}

}  // namespace cnnkit::ops::kernels

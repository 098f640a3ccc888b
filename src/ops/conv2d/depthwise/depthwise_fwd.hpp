// Depthwise forward, one tier: output rows [begin, end) of all images (item = n * ho + oh), every
// channel, on the calling thread. A y row is one run of the shared microkernel: its kernel rows
// are those inside the input, its column taps j read input column ow*sw - pl + j*dw, which exists
// for a contiguous range of ow.
#pragma once

#include <algorithm>
#include <cstdint>

#include "core/workspace.hpp"
#include "ops/conv2d/conv2d_problem.hpp"
#include "ops/conv2d/depthwise/depthwise_tile.hpp"
#include "ops/nhwc_index.hpp"

namespace cnnkit::ops::kernels {

// ceil(a / b) and floor(a / b) for b > 0 and any a.
inline std::int64_t depthwise_ceil_div(std::int64_t a, std::int64_t b) { return a >= 0 ? (a + b - 1) / b : -(-a / b); }
inline std::int64_t depthwise_floor_div(std::int64_t a, std::int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

template <class A, class T, int MR, int NV>
void depthwise_fwd_rows(const Conv2dProblem& p, const T* x, const T* w, const T* b, T* y, std::int64_t begin,
                        std::int64_t end) {
  const Conv2dParams& q = p.params;
  const std::int64_t kh = p.w.kh, kw = p.w.kw, C = p.x.c, W = p.x.w;
  const std::int64_t sw = q.stride_w, pl = q.pad.left, dw = q.dilation_w;
  std::int64_t* lists = core::thread_scratch<std::int64_t>(core::ScratchSlot::input_band, 4 * kw + 2 * kh);
  DepthwiseRun run;
  std::int64_t* col_in = lists;
  std::int64_t* col_w = lists + kw;
  std::int64_t* col_lo = lists + 2 * kw;
  std::int64_t* col_hi = lists + 3 * kw;
  std::int64_t* row_in = lists + 4 * kw;
  std::int64_t* row_w = row_in + kh;
  run.cols = static_cast<int>(kw);
  run.col_in = col_in, run.col_w = col_w, run.col_lo = col_lo, run.col_hi = col_hi;
  run.row_in = row_in, run.row_w = row_w;
  run.in_pixel = sw * C;
  run.sliding = sw == dw;
  run.relu = p.relu;
  run.interior_lo = 0, run.interior_hi = p.y.w - 1;
  for (std::int64_t j = 0; j < kw; ++j) {
    // Tap j reads column ow*sw + (j*dw - pl): inside the row for ow in [lo, hi].
    const std::int64_t shift = j * dw - pl;
    col_in[j] = shift * C, col_w[j] = j * C;
    col_lo[j] = std::max<std::int64_t>(0, depthwise_ceil_div(-shift, sw));
    col_hi[j] = std::min(p.y.w - 1, depthwise_floor_div(W - 1 - shift, sw));
    run.interior_lo = std::max(run.interior_lo, col_lo[j]);
    run.interior_hi = std::min(run.interior_hi, col_hi[j]);
  }

  for (std::int64_t item = begin; item < end; ++item) {
    const std::int64_t n = item / p.y.h, oh = item % p.y.h;
    run.rows = 0;
    for (std::int64_t i = 0; i < kh; ++i) {
      const std::int64_t ih = oh * q.stride_h - q.pad.top + i * q.dilation_h;
      if (ih < 0 || ih >= p.x.h) continue;
      row_in[run.rows] = offset(p.x, n, ih, 0, 0), row_w[run.rows] = i * kw * C;
      ++run.rows;
    }
    depthwise_run<A, T, MR, NV>(run, x, w, y + offset(p.y, n, oh, 0, 0), C, b, p.y.w, C);
  }
}

}  // namespace cnnkit::ops::kernels

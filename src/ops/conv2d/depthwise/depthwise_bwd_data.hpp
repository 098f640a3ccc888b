// Depthwise backward data, one tier: dx rows [begin, end) of all images (item = n * h + ih), every
// channel, on the calling thread. dx(ih, iw) gathers dy(oh, ow) * w(i, j) over the taps with
// ih = oh*sh - pt + i*dh and iw = ow*sw - pl + j*dw. The dx columns of one stride phase
// (iw = ph + t*sw) see the same column taps j, each at dy column t + base_j, so a phase of a row
// is one stride-1 run of the shared microkernel (its taps listed by increasing dy column, i.e.
// decreasing j); its kernel rows are those whose dy row exists.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>

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
  // Per phase: its run (column taps, interior, sliding) with the column-tap arrays behind the
  // runs; the kernel rows, filled per dx row, after them. The column taps depend on the phase only.
  const std::size_t run_bytes = static_cast<std::size_t>(phases) * sizeof(DepthwiseRun);
  const std::int64_t ints = phases * 4 * kw + 2 * kh;
  auto* scratch = core::thread_scratch<unsigned char>(core::ScratchSlot::input_band,
                                                      run_bytes + static_cast<std::size_t>(ints) * sizeof(std::int64_t));
  DepthwiseRun* runs = reinterpret_cast<DepthwiseRun*>(scratch);  // 64-byte aligned scratch
  std::int64_t* cols = reinterpret_cast<std::int64_t*>(scratch + run_bytes);
  std::int64_t* row_in = cols + phases * 4 * kw;
  std::int64_t* row_w = row_in + kh;
  for (std::int64_t ph = 0; ph < phases; ++ph) {
    std::int64_t *in = cols + ph * 4 * kw, *wo = in + kw, *lo = wo + kw, *hi = lo + kw;
    DepthwiseRun& run = *std::construct_at(runs + ph);
    const std::int64_t pixels = (W - 1 - ph) / sw + 1;
    run.interior_lo = 0, run.interior_hi = pixels - 1;
    for (std::int64_t j = kw - 1; j >= 0; --j) {
      const std::int64_t c = ph + pl - j * dw;  // = base_j * sw when tap j reaches this phase
      if (c % sw != 0) continue;
      const std::int64_t base = c / sw;  // exact; may be negative
      const int k = run.cols++;
      in[k] = base * C, wo[k] = j * C;
      lo[k] = std::max<std::int64_t>(0, -base), hi[k] = std::min(pixels - 1, Wo - 1 - base);
      run.interior_lo = std::max(run.interior_lo, lo[k]), run.interior_hi = std::min(run.interior_hi, hi[k]);
    }
    run.col_in = in, run.col_w = wo, run.col_lo = lo, run.col_hi = hi;
    run.row_in = row_in, run.row_w = row_w;
    run.in_pixel = C;
    run.sliding = run.cols > 0;
    for (int k = 0; k + 1 < run.cols; ++k) run.sliding = run.sliding && in[k + 1] - in[k] == C;
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
      runs[ph].rows = rows;
      depthwise_run<A, T, MR, NV>(runs[ph], dy, w, dx_row + ph * C, sw * C, nullptr, (W - 1 - ph) / sw + 1, C);
    }
  }
}

}  // namespace cnnkit::ops::kernels

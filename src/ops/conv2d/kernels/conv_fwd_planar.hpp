// The planar forward kernel, for few output channels (the stems and the seeds' layers: 3 or 8
// output channels). A channel-vector kernel would leave most lanes idle there; here the lanes
// hold consecutive output pixels of one row instead, so every lane does useful work:
//
//   acc[co][v] (V vectors of L pixels, CO channels)  +=  band[c][row][ow + j*dw + lane]  *  w[i][j][c][co]
//
// with the input band stored planar (channel, row, column: ConvFwdPlan::planar) so a vector of
// pixels is one unaligned load, and each weight broadcast from HWIO. Needs stride_w = 1 and one
// group (the plan checks). The accumulators go through a small buffer to y's interleaved
// channels; with K = kh*kw*c_in taps per output that costs about 1/K of the arithmetic.
#pragma once

#include <algorithm>
#include <cstdint>

#include <xsimd/xsimd.hpp>

#include "core/workspace.hpp"
#include "ops/conv2d/conv2d_fwd_plan.hpp"
#include "ops/conv2d/kernels/conv_relu.hpp"
#include "ops/nhwc_index.hpp"

namespace cnnkit::ops::kernels {

// One block: V vectors of output pixels starting at `ow0` of output row `oh`, whose kernel row 0
// is band row `r0`. Writes min(V*L, y.w - ow0) pixels.
template <class A, class T, int CO, int V>
void conv_fwd_planar_block(const ConvFwdPlan& plan, const T* band, const T* w, const T* bias, T* y_row,
                           std::int64_t r0, std::int64_t ow0) {
  using B = xsimd::batch<T, A>;
  constexpr int L = static_cast<int>(B::size);
  const Conv2dProblem& p = plan.p;
  const std::int64_t kh = p.w.kh, kw = p.w.kw, cin = plan.cig, rows = plan.band_in_rows, cols = plan.band_cols;
  const std::int64_t dh = p.params.dilation_h, dw = p.params.dilation_w;

  B acc[CO][V];
  for (int co = 0; co < CO; ++co)
    for (int v = 0; v < V; ++v) acc[co][v] = B(T(0));

  for (std::int64_t i = 0; i < kh; ++i)
    for (std::int64_t j = 0; j < kw; ++j) {
      const T* x_tap = band + (r0 + i * dh) * cols + ow0 + j * dw;
      const T* w_tap = w + (i * kw + j) * cin * CO;
      for (std::int64_t c = 0; c < cin; ++c) {
        const T* xc = x_tap + c * rows * cols;
        const T* wc = w_tap + c * CO;
        B xv[V];
        for (int v = 0; v < V; ++v) xv[v] = B::load_unaligned(xc + v * L);
        for (int co = 0; co < CO; ++co) {
          const B wb(wc[co]);
          for (int v = 0; v < V; ++v) acc[co][v] = xsimd::fma(xv[v], wb, acc[co][v]);
        }
      }
    }

  // The bias and the relu epilogue on the accumulators, before the transpose: a per-element
  // branch there was unpredictable (half the outputs negative) and cost 4x on signs_conv1.
  for (int co = 0; co < CO; ++co) {
    if (bias) {  // no add at all without a bias (adding +0 would turn -0 into +0)
      const B bv(bias[co]);
      for (int v = 0; v < V; ++v) acc[co][v] = acc[co][v] + bv;
    }
    if (p.relu)
      for (int v = 0; v < V; ++v) acc[co][v] = relu_epilogue<A, T>(acc[co][v]);
  }
  alignas(64) T out[CO][V * L];
  for (int co = 0; co < CO; ++co)
    for (int v = 0; v < V; ++v) acc[co][v].store_aligned(&out[co][v * L]);
  const std::int64_t pixels = std::min<std::int64_t>(V * L, p.y.w - ow0);
  T* dst = y_row + ow0 * CO;
  for (std::int64_t px = 0; px < pixels; ++px)
    for (int co = 0; co < CO; ++co) dst[px * CO + co] = out[co][px];
}

// The rest of a row after its full blocks (fewer than V*L pixels): one block of just enough
// vectors (1..V), so the row end still has several independent accumulator chains per channel.
template <class A, class T, int CO, int V>
void conv_fwd_planar_rest(int vectors, const ConvFwdPlan& plan, const T* band, const T* w, const T* bias, T* y_row,
                          std::int64_t r0, std::int64_t ow0) {
  if constexpr (V > 0) {
    if (vectors == V) return conv_fwd_planar_block<A, T, CO, V>(plan, band, w, bias, y_row, r0, ow0);
    conv_fwd_planar_rest<A, T, CO, V - 1>(vectors, plan, band, w, bias, y_row, r0, ow0);
  }
}

// Tiles [begin, end) of a planar plan: fill the band, then full blocks of V vectors across each
// output row and one shorter block for the rest of it.
template <class A, class T, int CO, int V>
void conv_fwd_planar_tiles(const ConvFwdPlan& plan, const T* x, const T* w, const T* bias, T* y, std::int64_t begin,
                           std::int64_t end) {
  constexpr std::int64_t L = xsimd::batch<T, A>::size;
  const Conv2dProblem& p = plan.p;
  T* band = core::thread_scratch<T>(core::ScratchSlot::input_band, static_cast<std::size_t>(plan.band_count()));
  const ConvTileCut cut = plan.tile_cut();  // planar: one group, one part
  for (std::int64_t tile = begin; tile < end; ++tile) {
    const std::int64_t n = cut.image(tile), oh_begin = cut.row_begin(tile), oh_end = cut.row_end(tile);
    fill_conv_fwd_planar_band(plan, x, n, oh_begin * p.params.stride_h - p.params.pad.top, band);
    for (std::int64_t oh = oh_begin; oh < oh_end; ++oh) {
      const std::int64_t r0 = (oh - oh_begin) * p.params.stride_h;
      T* y_row = y + offset(p.y, n, oh, 0, 0);
      std::int64_t ow0 = 0;
      for (; ow0 + V * L <= p.y.w; ow0 += V * L) conv_fwd_planar_block<A, T, CO, V>(plan, band, w, bias, y_row, r0, ow0);
      if (ow0 < p.y.w)
        conv_fwd_planar_rest<A, T, CO, V>(static_cast<int>((p.y.w - ow0 + L - 1) / L), plan, band, w, bias, y_row,
                                          r0, ow0);
    }
  }
}

// The instantiation for the plan's channel count (1..kPlanarMaxChannels, at most half a vector).
template <class A, class T, int Registers, int CO = 1>
void run_conv_fwd_planar(const ConvFwdPlan& plan, const T* x, const T* w, const T* bias, T* y, std::int64_t begin,
                         std::int64_t end) {
  constexpr int L = static_cast<int>(xsimd::batch<T, A>::size);
  if constexpr (CO <= kPlanarMaxChannels && 2 * CO <= L) {
    if (plan.cog == CO)
      return conv_fwd_planar_tiles<A, T, CO, planar_vectors(Registers, CO)>(plan, x, w, bias, y, begin, end);
    run_conv_fwd_planar<A, T, Registers, CO + 1>(plan, x, w, bias, y, begin, end);
  }
}

}  // namespace cnnkit::ops::kernels

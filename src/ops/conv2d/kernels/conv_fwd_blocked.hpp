// The blocked forward convolution, one tier: runs tiles [begin, end) of a ConvFwdPlan (see
// conv2d_fwd_plan.hpp) on the calling thread. The serial and threaded drivers differ only in
// who calls this and with which range, so their results are bitwise identical.
#pragma once

#include <algorithm>
#include <cstdint>

#include "core/workspace.hpp"
#include "ops/conv2d/conv2d_fwd_plan.hpp"
#include "ops/conv2d/kernels/conv_tile_dispatch.hpp"
#include "ops/nhwc_index.hpp"

namespace cnnkit::ops::kernels {

template <class A, class T, int NV, int MR>
void conv_fwd_blocked_tiles_nv(const ConvFwdPlan& plan, const T* x, const T* packed, const T* bias, T* y,
                               std::int64_t begin, std::int64_t end) {
  const Conv2dProblem& p = plan.p;
  const Conv2dParams& q = p.params;
  const std::int64_t kh = p.w.kh, kw = p.w.kw, nb = plan.nb;
  const std::int64_t bc = plan.band_channels, cols = plan.band_cols;
  T* band = plan.in_place ? nullptr : core::thread_scratch<T>(core::ScratchSlot::input_band, plan.band_count());

  const ConvTileCut cut = plan.tile_cut();
  for (std::int64_t tile = begin; tile < end; ++tile) {
    const std::int64_t g = cut.group(tile), n = cut.image(tile);
    const std::int64_t oh_begin = cut.row_begin(tile), oh_end = cut.row_end(tile);
    const std::int64_t ow_begin = cut.col_begin(tile), ow_end = cut.col_end(tile);
    // `src` row r holds input row (row0 + r); its column 0 is input column -pad.left.
    const std::int64_t row0 = plan.in_place ? 0 : oh_begin * q.stride_h - q.pad.top;
    const T* src = plan.in_place ? x + offset(p.x, n, 0, 0, 0) : band;
    // The parts of one band follow each other: the first of them in this range fills it.
    if (!plan.in_place && (tile == begin || !cut.same_band(tile - 1, tile))) fill_conv_fwd_band(plan, x, n, g, row0, band);

    for (std::int64_t c0 = 0; c0 < plan.cig; c0 += plan.kc) {
      const std::int64_t nc = std::min(plan.kc, plan.cig - c0);
      for (std::int64_t cob = cut.block_begin(tile); cob < cut.block_end(tile); ++cob) {
        const std::int64_t o0 = g * plan.cog + cob * nb;
        TileArgs<T> a{};
        a.x_pixel = q.stride_w * bc;
        a.w = packed + (g * plan.ncob + cob) * kh * kw * plan.cig * nb + c0 * nb;
        a.n_outer = kh;
        a.x_outer = q.dilation_h * cols * bc;
        a.w_outer = kw * plan.cig * nb;
        if (plan.fused) {
          a.n_mid = 1, a.x_mid = 0, a.w_mid = 0, a.n_inner = kw * nc;
        } else {
          a.n_mid = kw, a.x_mid = q.dilation_w * bc, a.w_mid = plan.cig * nb, a.n_inner = nc;
        }
        a.y_pixel = p.y.c;
        a.valid = static_cast<int>(std::min<std::int64_t>(nb, plan.cog - cob * nb));
        a.accumulate = c0 > 0;
        a.bias = (bias && c0 == 0) ? bias + o0 : nullptr;
        a.relu = p.relu && c0 + nc == plan.cig;  // earlier blocks' partial sums stay as they are
        // The input row of kernel row 0 for output row oh: oh*stride - pad.top, i.e.
        // (oh - oh_begin)*stride in the band.
        auto x_row = [&](std::int64_t oh) {
          return src + (plan.in_place ? oh * q.stride_h : (oh - oh_begin) * q.stride_h) * cols * bc + c0;
        };
        std::int64_t oh = oh_begin;
        // Rows of at most MR/2 pixels go in pairs: one tile of both rows loads each weight once
        // (such rows are never cut into column ranges: cut_conv_fwd_plan).
        if (2 * p.y.w <= MR)
          for (; oh + 1 < oh_end; oh += 2) {
            a.x = x_row(oh), a.x2 = x_row(oh + 1);
            a.y = y + offset(p.y, n, oh, 0, o0), a.y2 = y + offset(p.y, n, oh + 1, 0, o0);
            run_conv_tile_two_rows<A, T, NV, MR / 2>(static_cast<int>(p.y.w), a);
          }
        for (; oh < oh_end; ++oh) {
          const T* row = x_row(oh);
          for_balanced_tiles<MR>(ow_end - ow_begin, [&](std::int64_t first, int pixels) {
            const std::int64_t ow = ow_begin + first;
            a.x = row + ow * q.stride_w * bc;
            a.y = y + offset(p.y, n, oh, ow, o0);
            run_conv_tile<A, T, NV, MR>(pixels, a);
          });
        }
      }
    }
  }
}

}  // namespace cnnkit::ops::kernels

// The blocked backward-data convolution, one tier: runs tiles [begin, end) of a ConvBwdDataPlan
// (see conv2d_bwd_data_plan.hpp) on the calling thread. Within a tile, every dx row and every
// column phase of it is one stride-1 ConvTile problem: the row's taps (outer), the column phase's
// taps (mid) and dy channels (inner), dy broadcast, flipped transposed weights as vectors. The
// serial and threaded drivers differ only in who calls this and with which range, so their
// results are bitwise identical.
#pragma once

#include <algorithm>
#include <cstdint>
#include <xsimd/xsimd.hpp>

#include "core/workspace.hpp"
#include "ops/conv2d/conv2d_bwd_data_plan.hpp"
#include "ops/conv2d/kernels/conv_tile_dispatch.hpp"
#include "ops/nhwc_index.hpp"
#include "simd/tail.hpp"

namespace cnnkit::ops::kernels {

// The taps of one kernel axis that reach dx coordinate `at`, as the microkernel walks them:
// `count` taps, the first at flipped index `flip0` (kernel - 1 - tap) reading dy coordinate
// `dy0`; each next one is tap_step further in flipped index and dy_step further in dy.
struct BwdAxisTaps {
  std::int64_t count, flip0, dy0;
};

template <class A>
BwdAxisTaps bwd_axis_taps(std::int64_t at, std::int64_t stride, std::int64_t pad, std::int64_t dilation,
                          std::int64_t kernel, std::int64_t tap_step) {
  // Tap i reaches `at` iff at + pad - i*dilation is a multiple of stride; such taps repeat every
  // tap_step, so the first one (if any) is below tap_step.
  const std::int64_t probe = std::min(kernel, tap_step);
  std::int64_t first = 0;
  while (first < probe && (at + pad - first * dilation) % stride != 0) ++first;
  if (first == probe) return {0, 0, 0};
  const std::int64_t count = (kernel - 1 - first) / tap_step + 1;
  const std::int64_t top = first + (count - 1) * tap_step;  // the tap reading the smallest dy index
  return {count, kernel - 1 - top, (at + pad - top * dilation) / stride};
}

// Zeroes `valid` channels of `count` dx pixels `step` apart (pixels no tap reaches).
template <class A, class T>
void zero_dx_pixels(T* dx, std::int64_t count, std::int64_t step, std::int64_t valid) {
  using B = xsimd::batch<T, A>;
  constexpr std::int64_t L = B::size;
  const B zero(T(0));
  for (std::int64_t k = 0; k < count; ++k)
    for (std::int64_t c = 0; c < valid; c += L)
      simd::store_tail<A>(dx + k * step + c, zero, static_cast<int>(std::min(L, valid - c)));
}

// One dx row (ih) of image n, group g, dx channel block cib, dy channel block c0: each column
// phase of the row is a run of ConvTiles. `src` holds dy row row0 at its row 0 (see the tiles).
template <class A, class T, int NV, int MR>
void conv_bwd_data_row_block(const ConvBwdDataPlan& plan, const T* src, std::int64_t row0, const T* packed, T* dx,
                             std::int64_t n, std::int64_t g, std::int64_t ih, std::int64_t cib, std::int64_t c0) {
  const Conv2dProblem& p = plan.p;
  const Conv2dParams& q = p.params;
  const std::int64_t kh = p.w.kh, kw = p.w.kw, nb = plan.nb, cog = plan.cog;
  const std::int64_t bc = plan.band_channels, pitch = plan.band_cols * bc;
  const std::int64_t width = p.x.w, phases_w = std::min(q.stride_w, width);
  const std::int64_t valid = std::min(nb, plan.cig - cib * nb);
  T* dx_row = dx + offset(p.x, n, ih, 0, g * plan.cig + cib * nb);
  const BwdAxisTaps rows = bwd_axis_taps<A>(ih, q.stride_h, q.pad.top, q.dilation_h, kh, plan.tap_step_h);
  if (rows.count == 0) {
    if (c0 == 0) zero_dx_pixels<A>(dx_row, width, p.x.c, valid);
    return;
  }
  TileArgs<T> a{};
  a.x_pixel = bc;
  a.n_outer = rows.count;
  a.x_outer = plan.dy_step_h * pitch;
  a.w_outer = plan.tap_step_h * kw * cog * nb;
  a.y_pixel = q.stride_w * p.x.c;
  a.valid = static_cast<int>(valid);
  a.accumulate = c0 > 0;
  a.bias = nullptr;
  const T* w_block = packed + (g * plan.ncib + cib) * kh * kw * cog * nb + c0 * nb;
  const T* src_row = src + (rows.dy0 - row0) * pitch + c0;
  for (std::int64_t phase = 0; phase < phases_w; ++phase) {
    // dx columns phase, phase + stride_w, ...: pixel t reads dy column cols.dy0 + t.
    const std::int64_t count = (width - phase - 1) / q.stride_w + 1;  // phase < width: no overflow
    const BwdAxisTaps cols = bwd_axis_taps<A>(phase, q.stride_w, q.pad.left, q.dilation_w, kw, plan.tap_step_w);
    T* dx_phase = dx_row + phase * p.x.c;
    if (cols.count == 0) {
      if (c0 == 0) zero_dx_pixels<A>(dx_phase, count, a.y_pixel, valid);
      continue;
    }
    a.w = w_block + (rows.flip0 * kw + cols.flip0) * cog * nb;
    if (plan.fused) {
      a.n_mid = 1, a.x_mid = 0, a.w_mid = 0, a.n_inner = cols.count * cog;
    } else {
      a.n_mid = cols.count, a.x_mid = plan.dy_step_w * bc, a.w_mid = plan.tap_step_w * cog * nb;
      a.n_inner = std::min(plan.kc, cog - c0);
    }
    const T* src_phase = src_row + (cols.dy0 - plan.col0) * bc;
    for_balanced_tiles<MR>(count, [&](std::int64_t t, int pixels) {
      a.x = src_phase + t * bc;
      a.y = dx_phase + t * a.y_pixel;
      run_conv_tile<A, T, NV, MR>(pixels, a);
    });
  }
}

template <class A, class T, int NV, int MR>
void conv_bwd_data_blocked_tiles_nv(const ConvBwdDataPlan& plan, const T* dy, const T* packed, T* dx,
                                    std::int64_t begin, std::int64_t end) {
  const Conv2dProblem& p = plan.p;
  T* band = plan.in_place ? nullptr : core::thread_scratch<T>(core::ScratchSlot::input_band, plan.band_count());

  const ConvTileCut cut = plan.tile_cut();
  for (std::int64_t tile = begin; tile < end; ++tile) {
    const std::int64_t g = cut.group(tile), n = cut.image(tile);
    const std::int64_t ih_begin = cut.row_begin(tile), ih_end = cut.row_end(tile);
    const std::int64_t cib_begin = cut.block_begin(tile), cib_end = cut.block_end(tile);
    // `src` row r holds dy row (row0 + r); its column c holds dy column (col0 + c).
    std::int64_t row0 = 0, row_last = 0;
    const T* src = dy + offset(p.y, n, 0, 0, 0);
    if (!plan.in_place) {
      conv_bwd_data_band_rows(plan, ih_begin, ih_end, row0, row_last);
      // The parts of one band follow each other: the first of them in this range fills it.
      if (tile == begin || !cut.same_band(tile - 1, tile)) fill_conv_bwd_data_band(plan, dy, n, g, row0, row_last, band);
      src = band;
    }
    // Later dy channel blocks accumulate, so they follow the first over the whole band.
    for (std::int64_t c0 = 0; c0 < plan.cog; c0 += plan.kc) {
      if (plan.rows_outer) {
        for (std::int64_t ih = ih_begin; ih < ih_end; ++ih)
          for (std::int64_t cib = cib_begin; cib < cib_end; ++cib)
            conv_bwd_data_row_block<A, T, NV, MR>(plan, src, row0, packed, dx, n, g, ih, cib, c0);
      } else {
        for (std::int64_t cib = cib_begin; cib < cib_end; ++cib)
          for (std::int64_t ih = ih_begin; ih < ih_end; ++ih)
            conv_bwd_data_row_block<A, T, NV, MR>(plan, src, row0, packed, dx, n, g, ih, cib, c0);
      }
    }
  }
}

}  // namespace cnnkit::ops::kernels

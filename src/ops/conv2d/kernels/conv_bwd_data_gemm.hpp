// The gemm form of the blocked backward-data convolution (few dx channels per group; see
// conv2d_bwd_data_plan.hpp): per chunk of dy rows, Z = dy x packed weights with the ConvTile
// microkernel, then each Z row is added into the dx cells its taps reach (col2im). One tile = one
// image x group, processed in a fixed order, so threads never share a dx element.
#pragma once

#include <algorithm>
#include <cstdint>
#include <xsimd/xsimd.hpp>

#include "core/workspace.hpp"
#include "ops/conv2d/conv2d_bwd_data_plan.hpp"
#include "ops/conv2d/kernels/conv_bwd_data_blocked.hpp"
#include "ops/conv2d/kernels/conv_tile_dispatch.hpp"
#include "ops/nhwc_index.hpp"
#include "simd/tail.hpp"

namespace cnnkit::ops::kernels {

// dst[0, len) += src[0, len), masked at the end.
template <class A, class T>
void add_run(T* dst, const T* src, std::int64_t len) {
  using B = xsimd::batch<T, A>;
  constexpr std::int64_t L = B::size;
  std::int64_t k = 0;
  for (; k + L <= len; k += L) (B::load_unaligned(dst + k) + B::load_unaligned(src + k)).store_unaligned(dst + k);
  if (k < len) {
    const int lanes = static_cast<int>(len - k);
    simd::store_tail<A>(dst + k, simd::load_tail<A>(dst + k, lanes) + simd::load_tail<A>(src + k, lanes), lanes);
  }
}

// col2im of dy row oh: Z[ow][(i, j, c)] (z points at ow = 0) is added into dx cell
// (oh*sh - pt + i*dh, ow*sw - pl + j*dw, c) of the image and group at dx_image, for the dx rows
// [ih_lo, ih_hi) only (a band's).
template <class A, class T>
void conv_bwd_data_col2im_row(const ConvBwdDataPlan& plan, const T* z, T* dx_image, std::int64_t oh,
                              std::int64_t ih_lo, std::int64_t ih_hi) {
  const Conv2dProblem& p = plan.p;
  const Conv2dParams& q = p.params;
  const std::int64_t kh = p.w.kh, kw = p.w.kw, cig = plan.cig, pitch = plan.gemm_pitch, c_in = p.x.c;
  // A tap row's (kw, cig) run of Z lands contiguously in dx when columns are adjacent pixels.
  const bool contiguous = q.dilation_w == 1 && c_in == cig;
  // Columns ow and ow + spread touch disjoint dx cells: visiting them spread apart keeps each add
  // from reloading what the previous store just wrote.
  const std::int64_t spread = (kw - 1) * q.dilation_w / q.stride_w + 1;  // ceil(extent / stride), overflow-free
  for (std::int64_t first = 0; first < spread; ++first)
    for (std::int64_t ow = first; ow < p.y.w; ow += spread) {
      const std::int64_t iw0 = ow * q.stride_w - q.pad.left;
      // Taps j with 0 <= iw0 + j*dw < W.
      std::int64_t j0, j1;
      if (q.dilation_w == 1) {
        j0 = std::max<std::int64_t>(0, -iw0), j1 = std::min<std::int64_t>(kw, p.x.w - iw0);
      } else {
        j0 = iw0 >= 0 ? 0 : (-iw0 + q.dilation_w - 1) / q.dilation_w;
        j1 = p.x.w - iw0 <= 0 ? 0 : std::min<std::int64_t>(kw, (p.x.w - iw0 + q.dilation_w - 1) / q.dilation_w);
      }
      if (j1 <= j0) continue;
      for (std::int64_t i = 0; i < kh; ++i) {
        const std::int64_t ih = oh * q.stride_h - q.pad.top + i * q.dilation_h;
        if (ih < ih_lo || ih >= ih_hi) continue;
        T* dx_row = dx_image + ih * p.x.w * c_in;
        const T* z_row = z + ow * pitch + i * kw * cig;
        if (contiguous) {
          add_run<A>(dx_row + (iw0 + j0) * c_in, z_row + j0 * cig, (j1 - j0) * cig);
        } else {
          for (std::int64_t j = j0; j < j1; ++j)
            add_run<A>(dx_row + (iw0 + j * q.dilation_w) * c_in, z_row + j * cig, cig);
        }
      }
    }
}

template <class A, class T, int NV, int MR>
void conv_bwd_data_gemm_tiles_nv(const ConvBwdDataPlan& plan, const T* dy, const T* packed, T* dx, std::int64_t begin,
                                 std::int64_t end) {
  const Conv2dProblem& p = plan.p;
  const std::int64_t cig = plan.cig, cog = plan.cog, nb = plan.nb, pitch = plan.gemm_pitch;
  T* z = core::thread_scratch<T>(core::ScratchSlot::input_band, plan.band_count());

  const ConvTileCut cut = plan.tile_cut();
  for (std::int64_t tile = begin; tile < end; ++tile) {
    const std::int64_t g = cut.group(tile), n = cut.image(tile);
    const std::int64_t ih_begin = cut.row_begin(tile), ih_end = cut.row_end(tile);
    T* dx_image = dx + offset(p.x, n, 0, 0, g * cig);
    zero_dx_pixels<A>(dx_image + ih_begin * p.x.w * p.x.c, (ih_end - ih_begin) * p.x.w, p.x.c, cig);
    std::int64_t oh_first = 0, oh_last = 0;  // the dy rows that reach the band, in order
    conv_bwd_data_gemm_band_rows(plan, ih_begin, ih_end, oh_first, oh_last);

    TileArgs<T> a{};
    a.x_pixel = p.y.c;
    a.n_outer = 1, a.n_mid = 1, a.n_inner = cog;
    a.y_pixel = pitch;
    a.valid = static_cast<int>(nb);
    a.accumulate = false;
    a.bias = nullptr;
    for (std::int64_t oh0 = oh_first; oh0 <= oh_last; oh0 += plan.gemm_rows) {
      const std::int64_t pixels_in_chunk = std::min(plan.gemm_rows, oh_last + 1 - oh0) * p.y.w;
      const T* dy_chunk = dy + offset(p.y, n, oh0, 0, g * cog);
      for (std::int64_t b = 0; b < plan.gemm_blocks; ++b) {
        a.w = packed + (g * plan.gemm_blocks + b) * cog * nb;
        for (std::int64_t k = 0; k < pixels_in_chunk; k += MR) {
          const int pixels = static_cast<int>(std::min<std::int64_t>(MR, pixels_in_chunk - k));
          a.x = dy_chunk + k * p.y.c;
          a.y = z + k * pitch + b * nb;
          run_conv_tile<A, T, NV, MR>(pixels, a);
        }
      }
      for (std::int64_t oh = oh0; oh < oh0 + pixels_in_chunk / p.y.w; ++oh)
        conv_bwd_data_col2im_row<A>(plan, z + (oh - oh0) * p.y.w * pitch, dx_image, oh, ih_begin, ih_end);
    }
  }
}

}  // namespace cnnkit::ops::kernels

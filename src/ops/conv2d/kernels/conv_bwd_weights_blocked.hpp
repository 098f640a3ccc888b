// The blocked backward-weights convolution, one tier: computes work units [begin, end) of a
// ConvBwdWeightsPlan (see conv2d_bwd_weights_plan.hpp) over every pixel, on the calling thread.
// Units own disjoint parts of dW and each part is summed over the pixels in order, so the serial
// and threaded drivers, which differ only in who calls this with which range, agree bitwise.
#pragma once

#include <algorithm>
#include <cstdint>

#include "core/workspace.hpp"
#include "ops/conv2d/conv2d_bwd_weights_plan.hpp"
#include "ops/conv2d/kernels/conv_bwd_weights_rows_tile.hpp"
#include "ops/conv2d/kernels/conv_bwd_weights_tile.hpp"
#include "ops/nhwc_index.hpp"

namespace cnnkit::ops::kernels {

// After a pixel chunk (images n0.., rows oh0..oh_end of the last one): a fused bias gradient
// (Conv2dProblem::dy_progress) may sum that part of dy now, its share of it for units [begin, end)
// of pixel part `part`.
template <class A>
void report_dy_progress(const ConvBwdWeightsPlan& plan, std::int64_t begin, std::int64_t end, std::int64_t n0,
                        std::int64_t images, std::int64_t oh0, std::int64_t oh_end, std::int64_t part) {
  const Conv2dProblem::DyProgress& hook = plan.p.dy_progress;
  const std::int64_t h = plan.p.y.h, w = plan.p.y.w;
  if (hook.done)
    hook.done(hook.self, (n0 * h + oh0) * w, ((n0 + images - 1) * h + oh_end) * w, begin, end, plan.units(), part == 0);
}

// Pixel chunk q: images [n0, n0 + images), output rows [oh0, oh0 + rows) of each.
struct BwdWeightsPixelChunk {
  std::int64_t n0, images, oh0, rows;
};

inline BwdWeightsPixelChunk bwd_weights_pixel_chunk(const ConvBwdWeightsPlan& plan, std::int64_t q) {
  const std::int64_t n0 = q / plan.chunks_per_image * plan.chunk_images,
                     oh0 = q % plan.chunks_per_image * plan.chunk_rows;
  return {n0, std::min(plan.chunk_images, plan.p.y.n - n0), oh0, std::min(plan.chunk_rows, plan.p.y.h - oh0)};
}

// A body's buffers (on its thread), set up once for all the parts it runs: the input bands (with
// the rows-vectorised tiles' zeroed slack after them) and, when a c_out block runs past
// c_out/groups, the zero-padded dy copy (cleared once: later packs copy only existing channels).
template <class T>
struct BwdWeightsBuffers {
  T* band = nullptr;
  T* dy_packed = nullptr;
};

// Templated on the tier's arch A although it has no vector code: each tier's translation unit
// then emits its own symbol, and the linker cannot hand one tier's copy (vzeroupper and all) to
// another tier or to baseline code (tests/isa_hygiene caught that).
template <class A, class T>
BwdWeightsBuffers<T> bwd_weights_buffers(const ConvBwdWeightsPlan& plan) {
  BwdWeightsBuffers<T> b;
  const std::int64_t bands = plan.band_count() * plan.chunk_images;
  if (plan.rows_vectorised) {
    b.band = core::thread_scratch<T>(core::ScratchSlot::input_band, bands + plan.band_slack());
    clear_conv_bwd_weights_band_slack(plan, b.band + bands);
    return b;
  }
  if (!plan.in_place) b.band = core::thread_scratch<T>(core::ScratchSlot::input_band, bands);
  if (!plan.block_is_full(plan.ncob - 1)) {
    b.dy_packed = core::thread_scratch<T>(core::ScratchSlot::body_packed, plan.dy_pack_count() * plan.chunk_images);
    clear_conv_bwd_weights_dy_pack(plan, plan.chunk_images, b.dy_packed);
  }
  return b;
}

// The rows-vectorised plan (plan.rows_vectorised): units are tiles of plan.rv row vectors of
// one group; dy is read in place (one scalar per channel), x from a band with slack.
template <class A, class T>
void conv_bwd_weights_rows_units(const ConvBwdWeightsPlan& plan, const T* x, const T* dy, T* dw, std::int64_t begin,
                                 std::int64_t end, std::int64_t part, const BwdWeightsBuffers<T>& buffers) {
  const Conv2dProblem& p = plan.p;
  const Conv2dParams& q = p.params;
  const std::int64_t bc = plan.band_channels, cols = plan.band_cols, L = plan.lanes;
  const std::int64_t band_count = plan.band_count(), vectors = plan.runs * plan.vectors_per_run;
  T* band = buffers.band;

  const std::int64_t q_begin = plan.part_chunk_begin(part), q_end = plan.part_chunk_begin(part + 1);
  for (std::int64_t qc = q_begin; qc < q_end; ++qc) {
    const auto [n0, images, oh0, rows] = bwd_weights_pixel_chunk(plan, qc);
    const std::int64_t row0 = oh0 * q.stride_h - q.pad.top;
    std::int64_t band_group = -1;
    RowsTileArgs<T> a{};
    a.x = band;
    a.x_pixel = q.stride_w * bc;
    a.x_row = q.stride_h * cols * bc;
    a.x_image = band_count;
    a.dy_pixel = p.y.c;
    a.dy_row = p.y.w * p.y.c;
    a.dy_image = p.y.h * p.y.w * p.y.c;
    a.images = images;
    a.rows_out = rows;
    a.cols = p.y.w;
    a.dw_row = p.w.c_out;
    a.accumulate = qc > q_begin;  // the part's first chunk starts its sums
    for (std::int64_t u = begin; u < end; ++u) {
      const std::int64_t g = u / plan.tiles_per_group, w0 = (u % plan.tiles_per_group) * plan.rv;
      if (g != band_group) {
        for (std::int64_t m = 0; m < images; ++m)
          fill_conv_bwd_weights_band(plan, x, n0 + m, g, row0, band + m * band_count);
        band_group = g;
      }
      a.dy = dy + offset(p.y, n0, oh0, 0, g * plan.cog);
      for (int v = 0; v < plan.rv; ++v) {
        // Vector w: lanes [k*L, k*L + L) of run `run` (past the last vector: no rows, reads run 0).
        const std::int64_t w = w0 + v, run = w < vectors ? w / plan.vectors_per_run : 0;
        const std::int64_t k = w < vectors ? w % plan.vectors_per_run : 0;
        const std::int64_t i = plan.fused ? run : run / p.w.kw, j = plan.fused ? 0 : run % p.w.kw;
        a.offset[v] = i * q.dilation_h * cols * bc + j * q.dilation_w * bc + k * L;
        a.dw[v] = dw + ((i * p.w.kw + j) * plan.cig + k * L) * p.w.c_out + g * plan.cog;
        a.rows[v] = w < vectors ? static_cast<int>(std::min(L, plan.run_len - k * L)) : 0;
      }
      run_rows_tile<A, T>(plan.rv, static_cast<int>(plan.cog), a);
    }
    report_dy_progress<A>(plan, begin, end, n0, images, oh0, oh0 + rows, part);
  }
}

// Units [begin, end) of pixel part `part`, summed into `dw` (dW, or the part's partial dW).
template <class A, class T, int NV, int MR>
void conv_bwd_weights_part_units(const ConvBwdWeightsPlan& plan, const T* x, const T* dy, T* dw, std::int64_t begin,
                                 std::int64_t end, std::int64_t part, const BwdWeightsBuffers<T>& buffers) {
  if (plan.rows_vectorised) return conv_bwd_weights_rows_units<A, T>(plan, x, dy, dw, begin, end, part, buffers);
  const Conv2dProblem& p = plan.p;
  const Conv2dParams& q = p.params;
  const std::int64_t nb = plan.nb, bc = plan.band_channels, cols = plan.band_cols;
  const std::int64_t per_cob = plan.runs * plan.row_blocks, per_group = plan.ncob * per_cob;
  const std::int64_t band_count = plan.band_count(), pack_count = plan.dy_pack_count();
  T* band = buffers.band;
  // Only a block past c_out/groups reads a packed dy; every range that holds one has the buffer.
  T* dy_packed = buffers.dy_packed;

  const std::int64_t q_begin = plan.part_chunk_begin(part), q_end = plan.part_chunk_begin(part + 1);
  for (std::int64_t qc = q_begin; qc < q_end; ++qc) {
    const auto [n0, images, oh0, rows] = bwd_weights_pixel_chunk(plan, qc);
    // `src` row r holds input row (row0 + r); its column 0 is input column -pad.left.
    const std::int64_t row0 = plan.in_place ? oh0 * q.stride_h : oh0 * q.stride_h - q.pad.top;
    const T* src = plan.in_place ? x + offset(p.x, n0, row0, 0, 0) : band;
    std::int64_t band_group = -1, dy_group = -1, dy_cob = -1;
    WeightsTileArgs<T> a{};
    a.x_pixel = q.stride_w * bc;
    a.x_row = q.stride_h * cols * bc;
    a.x_image = plan.in_place ? p.x.h * p.x.w * p.x.c : band_count;
    a.images = images;
    a.rows = rows;
    a.cols = p.y.w;
    a.dw_row = p.w.c_out;
    a.accumulate = qc > q_begin;  // the part's first chunk starts its sums
    for (std::int64_t u = begin; u < end; ++u) {
      const std::int64_t g = u / per_group, cob = (u / per_cob) % plan.ncob;
      const std::int64_t run = (u / plan.row_blocks) % plan.runs, rb = u % plan.row_blocks;
      if (!plan.in_place && g != band_group) {
        for (std::int64_t m = 0; m < images; ++m)
          fill_conv_bwd_weights_band(plan, x, n0 + m, g, row0, band + m * band_count);
        band_group = g;
      }
      if (g != dy_group || cob != dy_cob) {
        if (plan.block_is_full(cob)) {
          a.dy = dy + offset(p.y, n0, oh0, 0, g * plan.cog + cob * nb);
          a.dy_pixel = p.y.c;
          a.dy_image = p.y.h * p.y.w * p.y.c;
        } else {
          for (std::int64_t m = 0; m < images; ++m)
            pack_conv_bwd_weights_dy(plan, dy, n0 + m, g, cob, oh0, rows, dy_packed + m * pack_count);
          a.dy = dy_packed;
          a.dy_pixel = nb;
          a.dy_image = pack_count;
        }
        a.dy_row = p.y.w * a.dy_pixel;
        a.valid = static_cast<int>(std::min<std::int64_t>(nb, plan.cog - cob * nb));
        dy_group = g, dy_cob = cob;
      }
      // Run `run` starts at kernel row i (and column j when not fused); its first dW row is
      // (i * kw + j) * cig, its x offset i*dilation_h rows and j*dilation_w columns.
      const std::int64_t i = plan.fused ? run : run / p.w.kw, j = plan.fused ? 0 : run % p.w.kw;
      const std::int64_t r0 = rb * plan.mr;
      a.x = src + i * q.dilation_h * cols * bc + j * q.dilation_w * bc + r0;
      a.dw = dw + ((i * p.w.kw + j) * plan.cig + r0) * p.w.c_out + g * plan.cog + cob * nb;
      run_weights_tile<A, T, NV, MR>(static_cast<int>(std::min<std::int64_t>(MR, plan.run_len - r0)), a);
    }
    report_dy_progress<A>(plan, begin, end, n0, images, oh0, oh0 + rows, part);
  }
}

// Work items [begin, end) (item = part * units + unit): each part's units over its pixel chunks,
// part 0 into dw, part k > 0 into partial k - 1 of `partials` (dw_count() values each).
template <class A, class T, int NV, int MR>
void conv_bwd_weights_blocked_units(const ConvBwdWeightsPlan& plan, const T* x, const T* dy, T* dw, T* partials,
                                    std::int64_t begin, std::int64_t end) {
  const std::int64_t units = plan.units();
  const BwdWeightsBuffers<T> buffers = bwd_weights_buffers<A, T>(plan);
  for (std::int64_t part = begin / units; part * units < end; ++part) {
    T* out = part == 0 ? dw : partials + (part - 1) * plan.dw_count();
    const std::int64_t first = std::max(begin, part * units) - part * units;
    const std::int64_t last = std::min(end, (part + 1) * units) - part * units;
    conv_bwd_weights_part_units<A, T, NV, MR>(plan, x, dy, out, first, last, part, buffers);
  }
}

}  // namespace cnnkit::ops::kernels

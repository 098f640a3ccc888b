// Baseline code (plain x86-64): planning, weight packing and band filling are memory moves that
// every ISA tier shares, so they are compiled once.
#include "ops/conv2d/conv2d_fwd_plan.hpp"

#include <algorithm>
#include <cstring>

#include "core/threading.hpp"
#include "ops/conv2d/conv2d_blocked_geometry.hpp"
#include "ops/conv2d/conv2d_nonfinite_fixup.hpp"
#include "ops/nhwc_index.hpp"

namespace cnnkit::ops {

ConvFwdPlan make_conv_fwd_plan(const Conv2dProblem& problem, const ConvRegisterBlocking& blocking,
                              std::int64_t element_size, int threads) {
  // Irrelevant strides and dilations become 1, so no product below can overflow; pointwise
  // problems run as long rows.
  const Conv2dProblem p = pointwise_refolded(normalised_geometry(problem));
  ConvFwdPlan plan{};
  plan.p = p;
  plan.groups = p.groups();
  plan.cig = p.c_in_per_group();
  plan.cog = p.c_out_per_group();
  plan.nv = plan.cog > blocking.lanes ? 2 : 1;
  plan.mr = plan.nv == 2 ? blocking.mr_two_vectors : blocking.mr_one_vector;
  plan.nb = plan.nv * blocking.lanes;
  plan.ncob = (plan.cog + plan.nb - 1) / plan.nb;

  const Padding& pad = p.params.pad;
  const bool padded = pad.top || pad.bottom || pad.left || pad.right;
  // (Rows narrower than a vector would idle lanes here too; the channel-vector kernel keeps them.)
  plan.planar = plan.groups == 1 && p.params.stride_w == 1 && plan.cog <= kPlanarMaxChannels &&
                2 * plan.cog <= blocking.lanes && p.y.w >= blocking.lanes && plan.cig <= kPlanarMaxInputChannels;
  plan.planar_vectors = plan.planar ? planar_vectors(blocking.vector_registers, static_cast<int>(plan.cog)) : 0;
  plan.in_place = !padded && plan.groups == 1 && !plan.planar;

  // Input channel blocks: keep one c_out block's weights (kh*kw*kc*nb) within the budget.
  const std::int64_t per_channel = p.w.kh * p.w.kw * plan.nb * element_size;
  const std::int64_t blocks = std::max<std::int64_t>(1, (plan.cig * per_channel + kWeightBlockBytes - 1) / kWeightBlockBytes);
  plan.kc = (plan.cig + blocks - 1) / blocks;
  // In place implies one group, so in both cases a pixel's channels are exactly the group's.
  plan.fused = p.params.dilation_w == 1 && plan.kc == plan.cig;

  plan.band_cols = plan.in_place ? p.x.w : p.x.w + pad.left + pad.right;
  plan.band_channels = plan.in_place ? p.x.c : plan.cig;
  if (plan.planar) {
    // Every block of the last full-width run and every one-vector tail block loads whole vectors:
    // round the output width up to a vector, then add the kernel's extent.
    const std::int64_t lanes = blocking.lanes;
    plan.band_cols = (p.y.w + lanes - 1) / lanes * lanes + p.params.dilation_w * (p.w.kw - 1);
  }
  // Output rows per band: the band's input rows should stay within the cache budget.
  const std::int64_t row_bytes = plan.band_cols * plan.band_channels * element_size;
  const std::int64_t span_h = p.params.dilation_h * (p.w.kh - 1) + 1;
  std::int64_t rows = 1;
  while (rows < p.y.h && ((rows)*p.params.stride_h + span_h) * row_bytes <= kBandBytes) ++rows;
  plan.band_rows = rows;
  plan.bands = (p.y.h + rows - 1) / rows;
  plan.band_in_rows = (rows - 1) * p.params.stride_h + span_h;
  cut_conv_fwd_plan(plan, threads);
  return plan;
}

void cut_conv_fwd_plan(ConvFwdPlan& plan, int threads) {
  if (threads <= 1) return;  // the plan's own tiles (and nothing to compute on tiny serial calls)
  // Column ranges of at least mr pixels each, and none where rows go in pairs (the kernel's
  // two-row tiles take whole rows) or in the planar kernel (its blocks span whole rows).
  const bool paired = 2 * plan.p.y.w <= plan.mr;
  const std::int64_t max_cols = plan.planar || paired ? 1 : std::max<std::int64_t>(1, plan.p.y.w / plan.mr);
  const ConvTileCut cut = cut_conv_tiles(plan.tile_cut(), threads, max_cols);
  plan.band_rows = cut.band_rows;
  plan.bands = cut.bands;
  plan.parts = cut.parts;
  plan.cols = cut.cols;
  plan.even_bands = cut.even;
  // As in make_conv_fwd_plan: the input rows a band of band_rows output rows reads.
  const std::int64_t span_h = plan.p.params.dilation_h * (plan.p.w.kh - 1) + 1;
  plan.band_in_rows = (cut.band_rows - 1) * plan.p.params.stride_h + span_h;
}

template <class T>
bool pack_conv_fwd_weights(const ConvFwdPlan& plan, const T* w, T* packed) {
  return pack_conv_fwd_weights(plan, w, packed, 0, plan.pack_units());
}

template <class T>
bool pack_conv_fwd_weights(const ConvFwdPlan& plan, const T* w, T* packed, std::int64_t begin, std::int64_t end) {
  const HwioShape& ws = plan.p.w;
  const std::int64_t nb = plan.nb;
  // One scan of (this share of) w up front: the packed runs are only nb long, too short for a
  // call each (that cost 5% of resnet_3x3_7's forward).
  const std::int64_t count = ws.kh * ws.kw * ws.c_in_per_group * ws.c_out, units = plan.pack_units();
  const std::int64_t scan_begin = core::share_begin(count, units, begin);
  const bool nonfinite = any_nonfinite(w + scan_begin, core::share_begin(count, units, end) - scan_begin);
  for (std::int64_t g = 0; g < plan.groups; ++g)
    for (std::int64_t cob = 0; cob < plan.ncob; ++cob)
      for (std::int64_t i = 0; i < ws.kh; ++i)
        for (std::int64_t j = 0; j < ws.kw; ++j)
          for (std::int64_t c = 0; c < plan.cig; ++c) {
            const std::int64_t unit = (g * plan.ncob + cob) * ws.kh + i;  // see pack_units()
            if (unit < begin || unit >= end) continue;
            T* out = packed + ((((g * plan.ncob + cob) * ws.kh + i) * ws.kw + j) * plan.cig + c) * nb;
            const std::int64_t o0 = cob * nb, valid = std::min<std::int64_t>(nb, plan.cog - o0);
            const T* in = w + offset(ws, i, j, c, g * plan.cog + o0);
            std::memcpy(out, in, static_cast<std::size_t>(valid) * sizeof(T));
            std::fill(out + valid, out + nb, T(0));
          }
  return nonfinite;
}

template <class T>
void fill_conv_fwd_band(const ConvFwdPlan& plan, const T* x, std::int64_t n, std::int64_t g, std::int64_t row_begin,
                        T* band) {
  const NhwcShape& xs = plan.p.x;
  const std::int64_t left = plan.p.params.pad.left, cols = plan.band_cols, ch = plan.cig;
  for (std::int64_t r = 0; r < plan.band_in_rows; ++r) {
    T* out = band + r * cols * ch;
    const std::int64_t ih = row_begin + r;
    if (ih < 0 || ih >= xs.h) {
      std::fill(out, out + cols * ch, T(0));
      continue;
    }
    std::fill(out, out + left * ch, T(0));
    std::fill(out + (left + xs.w) * ch, out + cols * ch, T(0));
    const T* in = x + offset(xs, n, ih, 0, g * ch);
    if (ch == xs.c) {
      std::memcpy(out + left * ch, in, static_cast<std::size_t>(xs.w * ch) * sizeof(T));
    } else {
      for (std::int64_t iw = 0; iw < xs.w; ++iw)
        std::memcpy(out + (left + iw) * ch, in + iw * xs.c, static_cast<std::size_t>(ch) * sizeof(T));
    }
  }
}

namespace {

// De-interleaves one input row of `width` pixels into `channels` planes `plane` apart. A
// compile-time channel count (the stems' 1 to 4) lets the compiler vectorise the strided reads.
template <int C, class T>
void deinterleave_row(const T* in, std::int64_t width, std::int64_t plane, T* out) {
  for (int c = 0; c < C; ++c) {
    const T* __restrict src = in + c;
    T* __restrict dst = out + c * plane;
    for (std::int64_t iw = 0; iw < width; ++iw) dst[iw] = src[iw * C];
  }
}

template <class T>
void deinterleave_row(const T* in, std::int64_t width, std::int64_t channels, std::int64_t plane, T* out) {
  switch (channels) {
    case 1: return deinterleave_row<1>(in, width, plane, out);
    case 2: return deinterleave_row<2>(in, width, plane, out);
    case 3: return deinterleave_row<3>(in, width, plane, out);
    case 4: return deinterleave_row<4>(in, width, plane, out);
    default:
      for (std::int64_t iw = 0; iw < width; ++iw)
        for (std::int64_t c = 0; c < channels; ++c) out[c * plane + iw] = in[iw * channels + c];
  }
}

}  // namespace

template <class T>
void fill_conv_fwd_planar_band(const ConvFwdPlan& plan, const T* x, std::int64_t n, std::int64_t row_begin, T* band) {
  const NhwcShape& xs = plan.p.x;
  const std::int64_t left = plan.p.params.pad.left, cols = plan.band_cols, rows = plan.band_in_rows;
  const std::int64_t plane = rows * cols;
  for (std::int64_t r = 0; r < rows; ++r) {
    const std::int64_t ih = row_begin + r;
    T* out = band + r * cols;
    if (ih < 0 || ih >= xs.h) {
      for (std::int64_t c = 0; c < xs.c; ++c) std::fill(out + c * plane, out + c * plane + cols, T(0));
      continue;
    }
    for (std::int64_t c = 0; c < xs.c; ++c) {
      std::fill(out + c * plane, out + c * plane + left, T(0));
      std::fill(out + c * plane + left + xs.w, out + c * plane + cols, T(0));
    }
    deinterleave_row(x + offset(xs, n, ih, 0, 0), xs.w, xs.c, plane, out + left);
  }
}

template void fill_conv_fwd_planar_band<float>(const ConvFwdPlan&, const float*, std::int64_t, std::int64_t, float*);
template void fill_conv_fwd_planar_band<double>(const ConvFwdPlan&, const double*, std::int64_t, std::int64_t,
                                                double*);
template bool pack_conv_fwd_weights<float>(const ConvFwdPlan&, const float*, float*);
template bool pack_conv_fwd_weights<double>(const ConvFwdPlan&, const double*, double*);
template bool pack_conv_fwd_weights<float>(const ConvFwdPlan&, const float*, float*, std::int64_t, std::int64_t);
template bool pack_conv_fwd_weights<double>(const ConvFwdPlan&, const double*, double*, std::int64_t, std::int64_t);
template void fill_conv_fwd_band<float>(const ConvFwdPlan&, const float*, std::int64_t, std::int64_t, std::int64_t, float*);
template void fill_conv_fwd_band<double>(const ConvFwdPlan&, const double*, std::int64_t, std::int64_t, std::int64_t,
                                         double*);

}  // namespace cnnkit::ops

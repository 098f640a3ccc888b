// Baseline code (plain x86-64): planning, band filling and dy packing are memory moves that every
// ISA tier shares, so they are compiled once.
#include "ops/conv2d/conv2d_bwd_weights_plan.hpp"

#include <algorithm>
#include <cstring>

#include "ops/conv2d/conv2d_blocked_geometry.hpp"
#include "ops/nhwc_index.hpp"

namespace cnnkit::ops {

namespace {

// Vectors per c_out block: the fewest padded vectors, ties to the wider block (more accumulators
// share each x broadcast). E.g. 6 vectors -> 2 blocks of 3, 8 -> 2 of 4, 5 -> 2 of 3.
int choose_vectors(std::int64_t vectors) {
  if (vectors <= 1) return 1;
  int best = 4;
  std::int64_t best_padded = ((vectors + 3) / 4) * 4;
  for (int nv = 3; nv >= 2; --nv) {
    const std::int64_t padded = ((vectors + nv - 1) / nv) * nv;
    if (padded < best_padded) best = nv, best_padded = padded;
  }
  return best;
}

}  // namespace

ConvBwdWeightsPlan make_conv_bwd_weights_plan(const Conv2dProblem& problem, const ConvBwdWeightsBlocking& blocking,
                                              std::int64_t element_size) {
  // Irrelevant strides and dilations become 1, so no product below can overflow; pointwise
  // problems run as long rows.
  const Conv2dProblem p = pointwise_refolded(normalised_geometry(problem));
  ConvBwdWeightsPlan plan{};
  plan.p = p;
  plan.groups = p.groups();
  plan.cig = p.c_in_per_group();
  plan.cog = p.c_out_per_group();
  plan.nv = choose_vectors((plan.cog + blocking.lanes - 1) / blocking.lanes);
  plan.mr = blocking.mr[plan.nv - 1];
  plan.nb = plan.nv * blocking.lanes;
  plan.ncob = (plan.cog + plan.nb - 1) / plan.nb;

  const Padding& pad = p.params.pad;
  const bool padded = pad.top || pad.bottom || pad.left || pad.right;
  plan.lanes = blocking.lanes;
  plan.vectors_per_run = 0;
  {
    // Rows-vectorised when a run fills its row vectors better than c_out fills its vectors.
    const std::int64_t run_len = p.params.dilation_w == 1 ? p.w.kw * plan.cig : plan.cig;
    const std::int64_t l = blocking.lanes;
    const double row_fill = double(run_len) / double((run_len + l - 1) / l * l);
    const double co_fill = double(plan.cog) / double((plan.cog + l - 1) / l * l);
    plan.rows_vectorised = plan.cog <= 8 && plan.cog * 2 <= l && row_fill > co_fill;
  }
  // Row vectors read past a run's rows, which the caller's x may not have: always a band then.
  plan.in_place = !padded && plan.groups == 1 && !plan.rows_vectorised;
  plan.fused = p.params.dilation_w == 1;
  plan.run_len = plan.fused ? p.w.kw * plan.cig : plan.cig;
  plan.runs = plan.fused ? p.w.kh : p.w.kh * p.w.kw;
  plan.row_blocks = (plan.run_len + plan.mr - 1) / plan.mr;
  if (plan.rows_vectorised) {
    plan.vectors_per_run = (plan.run_len + plan.lanes - 1) / plan.lanes;
    const std::int64_t vectors = plan.runs * plan.vectors_per_run;
    const std::int64_t cap = std::clamp<std::int64_t>(blocking.row_accumulators / plan.cog, 1, 4);
    plan.rv = static_cast<int>(std::min(cap, vectors));
    plan.tiles_per_group = (vectors + plan.rv - 1) / plan.rv;
  }

  plan.band_cols = plan.in_place ? p.x.w : p.x.w + pad.left + pad.right;
  plan.band_channels = plan.in_place ? p.x.c : plan.cig;
  // Output rows per chunk: up to kBwdWeightsChunkPixels pixels, the band within its budget.
  const std::int64_t row_bytes = plan.band_cols * plan.band_channels * element_size;
  const std::int64_t span_h = p.params.dilation_h * (p.w.kh - 1) + 1;
  std::int64_t rows = 1;
  while (rows < p.y.h && (rows + 1) * p.y.w <= kBwdWeightsChunkPixels &&
         (rows * p.params.stride_h + span_h) * row_bytes <= kBwdWeightsBandBytes)
    ++rows;
  plan.chunk_rows = rows;
  plan.chunks_per_image = (p.y.h + rows - 1) / rows;
  plan.band_in_rows = (rows - 1) * p.params.stride_h + span_h;
  // Whole images fit: take several per chunk, up to the pixel target and the bands' budget.
  plan.chunk_images = 1;
  if (rows == p.y.h) {
    const std::int64_t image_pixels = std::max<std::int64_t>(1, p.y.h * p.y.w);
    const std::int64_t band_bytes = std::max<std::int64_t>(1, plan.band_count() * element_size);
    const std::int64_t by_pixels = std::max<std::int64_t>(1, kBwdWeightsChunkPixels / image_pixels);
    const std::int64_t by_bytes = std::max<std::int64_t>(1, kBwdWeightsImagesBandBytes / band_bytes);
    plan.chunk_images = std::min({p.y.n, by_pixels, by_bytes});
  }
  // Pixel parts (see the header): from the shape alone, so every thread count sums alike.
  plan.pixel_chunks = (p.y.n + plan.chunk_images - 1) / plan.chunk_images * plan.chunks_per_image;
  plan.pixel_parts = 1;
  const std::int64_t units = plan.units();
  if (units > 0 && units < kBwdWeightsMinItems) {
    const std::int64_t dw_bytes = std::max<std::int64_t>(1, plan.dw_count() * element_size);
    const std::int64_t by_budget = 1 + kBwdWeightsPartialsBytes / dw_bytes;
    plan.pixel_parts = std::clamp<std::int64_t>((kBwdWeightsMinItems + units - 1) / units, 1,
                                                std::min(by_budget, std::max<std::int64_t>(plan.pixel_chunks, 1)));
  }
  return plan;
}

template <class T>
void add_conv_bwd_weights_partials(const ConvBwdWeightsPlan& plan, const T* partials, T* dw) {
  const std::int64_t size = plan.dw_count();
  for (std::int64_t part = 1; part < plan.pixel_parts; ++part) {
    const T* from = partials + (part - 1) * size;
    for (std::int64_t e = 0; e < size; ++e) dw[e] += from[e];
  }
}

template <class T>
void fill_conv_bwd_weights_band(const ConvBwdWeightsPlan& plan, const T* x, std::int64_t n, std::int64_t g,
                                std::int64_t row_begin, T* band) {
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
    } else if (ch == 1) {
      for (std::int64_t iw = 0; iw < xs.w; ++iw) out[left + iw] = in[iw * xs.c];
    } else {
      for (std::int64_t iw = 0; iw < xs.w; ++iw)
        std::memcpy(out + (left + iw) * ch, in + iw * xs.c, static_cast<std::size_t>(ch) * sizeof(T));
    }
  }
}

template <class T>
void pack_conv_bwd_weights_dy(const ConvBwdWeightsPlan& plan, const T* dy, std::int64_t n, std::int64_t g,
                              std::int64_t cob, std::int64_t oh_begin, std::int64_t rows, T* packed) {
  const NhwcShape& ys = plan.p.y;
  const std::int64_t nb = plan.nb, o0 = cob * nb, valid = std::min(nb, plan.cog - o0);
  const std::int64_t pixels = rows * ys.w;
  const T* in = dy + offset(ys, n, oh_begin, 0, g * plan.cog + o0);
  for (std::int64_t q = 0; q < pixels; ++q, in += ys.c, packed += nb)
    for (std::int64_t c = 0; c < valid; ++c) packed[c] = in[c];
}

template <class T>
void zero_conv_bwd_weights(const Conv2dProblem& p, T* dw) {
  std::fill(dw, dw + p.w.kh * p.w.kw * p.w.c_in_per_group * p.w.c_out, T(0));
}

template <class T>
void clear_conv_bwd_weights_band_slack(const ConvBwdWeightsPlan& plan, T* slack) {
  std::fill(slack, slack + plan.band_slack(), T(0));
}

template <class T>
void clear_conv_bwd_weights_dy_pack(const ConvBwdWeightsPlan& plan, std::int64_t images, T* packed) {
  std::fill(packed, packed + images * plan.dy_pack_count(), T(0));
}

template void add_conv_bwd_weights_partials<float>(const ConvBwdWeightsPlan&, const float*, float*);
template void add_conv_bwd_weights_partials<double>(const ConvBwdWeightsPlan&, const double*, double*);
template void zero_conv_bwd_weights<float>(const Conv2dProblem&, float*);
template void zero_conv_bwd_weights<double>(const Conv2dProblem&, double*);
template void clear_conv_bwd_weights_band_slack<float>(const ConvBwdWeightsPlan&, float*);
template void clear_conv_bwd_weights_band_slack<double>(const ConvBwdWeightsPlan&, double*);
template void clear_conv_bwd_weights_dy_pack<float>(const ConvBwdWeightsPlan&, std::int64_t, float*);
template void clear_conv_bwd_weights_dy_pack<double>(const ConvBwdWeightsPlan&, std::int64_t, double*);

template void fill_conv_bwd_weights_band<float>(const ConvBwdWeightsPlan&, const float*, std::int64_t, std::int64_t,
                                                std::int64_t, float*);
template void fill_conv_bwd_weights_band<double>(const ConvBwdWeightsPlan&, const double*, std::int64_t, std::int64_t,
                                                 std::int64_t, double*);
template void pack_conv_bwd_weights_dy<float>(const ConvBwdWeightsPlan&, const float*, std::int64_t, std::int64_t,
                                              std::int64_t, std::int64_t, std::int64_t, float*);
template void pack_conv_bwd_weights_dy<double>(const ConvBwdWeightsPlan&, const double*, std::int64_t, std::int64_t,
                                               std::int64_t, std::int64_t, std::int64_t, double*);

}  // namespace cnnkit::ops

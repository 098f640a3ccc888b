// Baseline code (plain x86-64): planning, weight packing and dy band filling are memory moves
// that every ISA tier shares, so they are compiled once.
#include "ops/conv2d/conv2d_bwd_data_plan.hpp"

#include <algorithm>
#include <cstring>
#include <numeric>

#include "ops/conv2d/conv2d_blocked_geometry.hpp"
#include "ops/conv2d/conv2d_nonfinite_fixup.hpp"
#include "ops/nhwc_index.hpp"

namespace cnnkit::ops {
namespace {

// One dx channel block's weights before the dy channels are cut into blocks: twice forward's
// budget (still within a 1 MiB L2), because each cut adds a pass re-reading and re-writing dx and
// ends the fused (kw, c_out) run (measured on resnet_3x3_7: 512 channels in one block run ~8 %
// faster than in five).
constexpr std::int64_t kDyChannelBlockBytes = 2 * kWeightBlockBytes;

// Rounds towards minus infinity (b > 0): dy coordinates of the band edges can be negative.
// Written so that nothing overflows for any a and b (-(a + 1) is representable for a < 0).
std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a >= 0 ? a / b : -1 - (-(a + 1)) / b; }

// R dx rows read at most floor((R - 1 + extent_h) / stride_h) + 2 dy rows, wherever they start.
std::int64_t band_dy_rows(const ConvBwdDataPlan& plan, std::int64_t rows) {
  const Conv2dParams& q = plan.p.params;
  return (rows - 1 + (plan.p.w.kh - 1) * q.dilation_h) / q.stride_h + 2;
}

}  // namespace

ConvBwdDataPlan make_conv_bwd_data_plan(const Conv2dProblem& problem, const ConvRegisterBlocking& blocking,
                                        std::int64_t element_size, int threads) {
  // Irrelevant strides and dilations become 1, so no product below can overflow; pointwise
  // problems run as long rows.
  const Conv2dProblem p = pointwise_refolded(normalised_geometry(problem));
  const Conv2dParams& q = p.params;
  ConvBwdDataPlan plan{};
  plan.p = p;
  plan.groups = p.groups();
  plan.cig = p.c_in_per_group();
  plan.cog = p.c_out_per_group();
  plan.gemm_cols = p.w.kh * p.w.kw * plan.cig;
  // The direct form fills cig/lanes of each vector; the gemm form nearly all of them, for an extra
  // pass adding Z into dx. Worth it when a dx pixel's channels fill less than half a vector, its
  // kh*kw*cig gemm columns more than half of one (U-Net's first layer, c_in = 1 and 3x3, on
  // avx512: 44 -> 15 ms), and each Z element sums at least a vector's worth, and at least 16, of
  // dy channels (measured:
  // c_out = 3 or 8 with c_in = 3 run faster direct; 64 and 96 run 4-5x faster as gemm; with
  // 8-lane vectors c_out = 8-12 runs 1.5-4x faster direct (the SIGNS ConvNet's first layer: 27 ->
  // 7 ms on avx2_fma), with 16 lanes c_out = 16-24 runs 2-4x faster as gemm).
  plan.gemm = 2 * plan.cig <= blocking.lanes && 2 * plan.gemm_cols > blocking.lanes &&
              plan.cog >= std::max<std::int64_t>(16, blocking.lanes);
  const std::int64_t vector_side = plan.gemm ? plan.gemm_cols : plan.cig;
  plan.nv = vector_side > blocking.lanes ? 2 : 1;
  plan.mr = plan.nv == 2 ? blocking.mr_two_vectors : blocking.mr_one_vector;
  plan.nb = plan.nv * blocking.lanes;
  plan.ncib = (plan.cig + plan.nb - 1) / plan.nb;
  plan.gemm_blocks = (plan.gemm_cols + plan.nb - 1) / plan.nb;
  plan.gemm_pitch = plan.gemm_blocks * plan.nb;
  if (plan.gemm) {
    plan.kc = plan.cog, plan.band_rows = p.x.h, plan.bands = 1;
    // dy rows are contiguous, so a chunk of them is one run of pixels for the microkernel (no
    // short-row tails on small images); Z of a chunk stays within the band budget.
    const std::int64_t z_row_bytes = p.y.w * plan.gemm_pitch * element_size;
    plan.gemm_rows = std::clamp<std::int64_t>(kBandBytes / std::max<std::int64_t>(z_row_bytes, 1), 1, p.y.h);
    cut_conv_bwd_data_plan(plan, threads);
    return plan;
  }

  // Taps i and i' feed the same dx row phase iff (i - i')*dilation is a multiple of stride.
  const std::int64_t gh = std::gcd(q.stride_h, q.dilation_h), gw = std::gcd(q.stride_w, q.dilation_w);
  plan.tap_step_h = q.stride_h / gh, plan.dy_step_h = q.dilation_h / gh;
  plan.tap_step_w = q.stride_w / gw, plan.dy_step_w = q.dilation_w / gw;

  // dy channel blocks: keep one c_in block's weights (kh*kw*kc*nb) within the budget.
  const std::int64_t per_channel = p.w.kh * p.w.kw * plan.nb * element_size;
  const std::int64_t blocks =
      std::max<std::int64_t>(1, (plan.cog * per_channel + kDyChannelBlockBytes - 1) / kDyChannelBlockBytes);
  plan.kc = (plan.cog + blocks - 1) / blocks;
  // Then a dx row can visit every channel block while the dy rows it reads stay in L1; otherwise
  // one block's weights stay in L2 while the band's rows pass by.
  plan.rows_outer = plan.ncib * p.w.kh * p.w.kw * plan.kc * plan.nb * element_size <= kWeightBlockBytes;

  // Every dy cell a dx cell can read: oh = (ih + pad.top - i*dilation_h) / stride_h over all ih, i.
  const std::int64_t extent_h = (p.w.kh - 1) * q.dilation_h, extent_w = (p.w.kw - 1) * q.dilation_w;
  const std::int64_t col_first = floor_div(q.pad.left - extent_w, q.stride_w);
  const std::int64_t col_last = floor_div(p.x.w - 1 + q.pad.left, q.stride_w);
  const std::int64_t row_first = floor_div(q.pad.top - extent_h, q.stride_h);
  const std::int64_t row_last = floor_div(p.x.h - 1 + q.pad.top, q.stride_h);
  plan.in_place = plan.groups == 1 && col_first >= 0 && col_last < p.y.w && row_first >= 0 && row_last < p.y.h;
  plan.col0 = plan.in_place ? 0 : col_first;
  plan.band_cols = plan.in_place ? p.y.w : col_last - col_first + 1;
  plan.band_channels = plan.in_place ? p.y.c : plan.cog;
  plan.fused = plan.tap_step_w == 1 && plan.dy_step_w == 1 && plan.kc == plan.cog;

  // dx rows per band: the dy rows they read (band_dy_rows) should stay within the cache budget.
  const std::int64_t row_bytes = plan.band_cols * plan.band_channels * element_size;
  std::int64_t rows = 1;
  while (rows < p.x.h && band_dy_rows(plan, rows + 1) * row_bytes <= kBandBytes) ++rows;
  plan.band_rows = rows;
  plan.bands = (p.x.h + rows - 1) / rows;
  plan.band_in_rows = plan.in_place ? 0 : band_dy_rows(plan, rows);
  cut_conv_bwd_data_plan(plan, threads);
  return plan;
}

void cut_conv_bwd_data_plan(ConvBwdDataPlan& plan, int threads) {
  if (threads <= 1) return;  // the plan's own tiles (and nothing to compute on tiny serial calls)
  const ConvTileCut cut = cut_conv_tiles(plan.tile_cut(), threads, 1);  // whole rows (stride phases)
  plan.band_rows = cut.band_rows;
  plan.bands = cut.bands;
  plan.parts = cut.parts;
  plan.even_bands = cut.even;
  if (!plan.gemm) plan.band_in_rows = plan.in_place ? 0 : band_dy_rows(plan, cut.band_rows);
}

void conv_bwd_data_gemm_band_rows(const ConvBwdDataPlan& plan, std::int64_t ih_begin, std::int64_t ih_end,
                                  std::int64_t& first, std::int64_t& last) {
  if (plan.bands == 1) {  // the whole image: every dy row, as before any cut
    first = 0, last = plan.p.y.h - 1;
    return;
  }
  conv_bwd_data_band_rows(plan, ih_begin, ih_end, first, last);
  first = std::max<std::int64_t>(first, 0), last = std::min(last, plan.p.y.h - 1);
}

void conv_bwd_data_band_rows(const ConvBwdDataPlan& plan, std::int64_t ih_begin, std::int64_t ih_end,
                             std::int64_t& first, std::int64_t& last) {
  const Conv2dParams& q = plan.p.params;
  first = floor_div(ih_begin + q.pad.top - (plan.p.w.kh - 1) * q.dilation_h, q.stride_h);
  last = floor_div(ih_end - 1 + q.pad.top, q.stride_h);
}

template <class T>
bool pack_conv_bwd_data_gemm_weights(const ConvBwdDataPlan& plan, const T* w, T* packed, std::int64_t begin,
                                     std::int64_t end);

template <class T>
bool pack_conv_bwd_data_weights(const ConvBwdDataPlan& plan, const T* w, T* packed) {
  return pack_conv_bwd_data_weights(plan, w, packed, 0, plan.pack_units());
}

template <class T>
bool pack_conv_bwd_data_weights(const ConvBwdDataPlan& plan, const T* w, T* packed, std::int64_t begin,
                                std::int64_t end) {
  if (plan.gemm) return pack_conv_bwd_data_gemm_weights(plan, w, packed, begin, end);
  const HwioShape& ws = plan.p.w;
  const std::int64_t nb = plan.nb, cog = plan.cog;
  bool nonfinite = false;
  for (std::int64_t g = 0; g < plan.groups; ++g)
    for (std::int64_t cib = 0; cib < plan.ncib; ++cib) {
      const std::int64_t c0 = cib * nb, valid = std::min<std::int64_t>(nb, plan.cig - c0);
      for (std::int64_t i = 0; i < ws.kh; ++i)
        for (std::int64_t j = 0; j < ws.kw; ++j) {
          const std::int64_t unit = (g * plan.ncib + cib) * ws.kh + (ws.kh - 1 - i);  // see pack_units()
          if (unit < begin || unit >= end) continue;
          T* out = packed + (((g * plan.ncib + cib) * ws.kh + (ws.kh - 1 - i)) * ws.kw + (ws.kw - 1 - j)) * cog * nb;
          // A transpose of the (valid x cog) block, one packed c_out row at a time: the row is
          // written contiguously, and the block's valid input rows (at most nb of them, read as
          // columns) stay in L1 across rows. Writing a lane of every c_out row per input row
          // missed L1 on every store (64 KiB of rows at 512 channels: packing took as long as
          // resnet18 layer4.0.conv1's convolution); rows of 16 at a time fixed that, and this order
          // is a further 6-28% on batch-1 1x1 and 7x7 layers' backward data (A/B).
          const T* block = w + offset(ws, i, j, c0, g * cog);
          for (std::int64_t o = 0; o < cog; ++o) {
            const T* column = block + o;
            T* row = out + o * nb;
            for (std::int64_t c = 0; c < valid; ++c) row[c] = column[c * ws.c_out];
            std::fill(row + valid, row + nb, T(0));
          }
          for (std::int64_t c = 0; c < valid; ++c)
            nonfinite = nonfinite || any_nonfinite(w + offset(ws, i, j, c0 + c, g * cog), cog);
        }
    }
  return nonfinite;
}

template <class T>
bool pack_conv_bwd_data_gemm_weights(const ConvBwdDataPlan& plan, const T* w, T* packed, std::int64_t begin,
                                     std::int64_t end) {
  const HwioShape& ws = plan.p.w;
  const std::int64_t nb = plan.nb, cog = plan.cog, cig = plan.cig;
  bool nonfinite = false;
  for (std::int64_t g = 0; g < plan.groups; ++g)
    for (std::int64_t b = 0; b < plan.gemm_blocks; ++b) {
      if (g * plan.gemm_blocks + b < begin || g * plan.gemm_blocks + b >= end) continue;  // see pack_units()
      T* out = packed + (g * plan.gemm_blocks + b) * cog * nb;
      for (std::int64_t l = 0; l < nb; ++l) {
        const std::int64_t col = b * nb + l;  // (i, j, c) = Z column
        if (col >= plan.gemm_cols) {
          for (std::int64_t o = 0; o < cog; ++o) out[o * nb + l] = T(0);
          continue;
        }
        const T* in = w + offset(ws, col / (ws.kw * cig), col / cig % ws.kw, col % cig, g * cog);
        for (std::int64_t o = 0; o < cog; ++o) out[o * nb + l] = in[o];
        nonfinite = nonfinite || any_nonfinite(in, cog);  // in L1 now
      }
    }
  return nonfinite;
}

template <class T>
void fill_conv_bwd_data_band(const ConvBwdDataPlan& plan, const T* dy, std::int64_t n, std::int64_t g,
                             std::int64_t row_first, std::int64_t row_last, T* band) {
  const NhwcShape& ys = plan.p.y;
  const std::int64_t cols = plan.band_cols, ch = plan.cog;
  // Buffer columns [lead, lead + inside) hold dy columns [max(col0, 0), ...).
  const std::int64_t lead = std::clamp<std::int64_t>(-plan.col0, 0, cols);
  const std::int64_t inside = std::clamp<std::int64_t>(ys.w - std::max<std::int64_t>(plan.col0, 0), 0, cols - lead);
  const std::int64_t first_col = std::max<std::int64_t>(plan.col0, 0);
  for (std::int64_t oh = row_first; oh <= row_last; ++oh) {
    T* out = band + (oh - row_first) * cols * ch;
    if (oh < 0 || oh >= ys.h || inside == 0) {
      std::fill(out, out + cols * ch, T(0));
      continue;
    }
    std::fill(out, out + lead * ch, T(0));
    std::fill(out + (lead + inside) * ch, out + cols * ch, T(0));
    const T* in = dy + offset(ys, n, oh, first_col, g * ch);
    if (ch == ys.c) {
      std::memcpy(out + lead * ch, in, static_cast<std::size_t>(inside * ch) * sizeof(T));
    } else {
      for (std::int64_t k = 0; k < inside; ++k)
        std::memcpy(out + (lead + k) * ch, in + k * ys.c, static_cast<std::size_t>(ch) * sizeof(T));
    }
  }
}

template bool pack_conv_bwd_data_weights<float>(const ConvBwdDataPlan&, const float*, float*);
template bool pack_conv_bwd_data_weights<double>(const ConvBwdDataPlan&, const double*, double*);
template bool pack_conv_bwd_data_weights<float>(const ConvBwdDataPlan&, const float*, float*, std::int64_t,
                                                std::int64_t);
template bool pack_conv_bwd_data_weights<double>(const ConvBwdDataPlan&, const double*, double*, std::int64_t,
                                                 std::int64_t);
template void fill_conv_bwd_data_band<float>(const ConvBwdDataPlan&, const float*, std::int64_t, std::int64_t,
                                             std::int64_t, std::int64_t, float*);
template void fill_conv_bwd_data_band<double>(const ConvBwdDataPlan&, const double*, std::int64_t, std::int64_t,
                                              std::int64_t, std::int64_t, double*);

}  // namespace cnnkit::ops

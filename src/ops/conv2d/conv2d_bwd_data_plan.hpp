// How the blocked backward-data convolution cuts a problem, decided once per call, ISA-neutral so
// the serial and threaded drivers share it.
//
// Backward-data is a correlation of dy with the spatially flipped, transposed (c_out -> c_in)
// weights. Split by stride phase: the dx pixels of one (ih mod stride_h, iw mod stride_w)
// phase receive exactly the taps congruent to it, and consecutive dx pixels of a phase read
// consecutive dy pixels, so every phase is a stride-1 problem the forward microkernel (ConvTile)
// runs with dy as its broadcast side and dx channels as its vector side. Dilation only changes
// which taps a phase owns and the dy step between them (see BwdAxisTaps).
//
//   packed weights  [group][c_in block][kh'][kw'][c_out/groups][nb], kh' = kh-1-i, kw' = kw-1-j
//                   (flipped so a phase's taps run forwards in dy), zeros past c_in/groups
//   work            tiles = image x band of dx rows x group x range of dx channel blocks (one
//                   range unless cut for threads: conv2d_tile_cut.hpp); one tile = one unit of
//                   threading
//   dy              a band's dy rows and every dy column any dx column can read, zero outside
//                   dy, holding only the group's channels, in a per-thread buffer (or dy itself
//                   when no read can fall outside it and there is one group)
// Channel blocking: when one c_in block's weights exceed twice kWeightBlockBytes, the dy channels
// are cut into blocks of kc and later blocks accumulate into dx. dx pixels that no tap reaches (a
// stride larger than the dilated kernel, or padding) are written zero: dx is overwritten.
//
// Few dx channels per group (the c_in = 3 stems) would leave most vector lanes empty, so there
// the plan switches to `gemm`: per chunk of dy rows, Z[pixel][(i, j, c)] = sum_o dy[pixel][o] *
// w[i][j][c][o] (the same microkernel, with the whole kh*kw*c_in/g run as its vector side), then Z is added
// into dx (col2im). Packed weights are then [group][column block][c_out/groups][nb] with columns
// (i, j, c) zero-padded to whole blocks; one tile is a whole image x group, so every dx element
// is summed in the same order whatever the thread count (cut for threads, bands of dx rows keep
// that order: see cut_conv_bwd_data_plan).
#pragma once

#include <cstdint>

#include "ops/conv2d/conv2d_fwd_plan.hpp"
#include "ops/conv2d/conv2d_problem.hpp"
#include "ops/conv2d/conv2d_tile_cut.hpp"

namespace cnnkit::ops {

struct ConvBwdDataPlan {
  Conv2dProblem p;
  std::int64_t groups, cig, cog;
  int nv;             // vectors of dx channels per block (1 or 2)
  int mr;             // dx pixels per full tile
  std::int64_t nb;    // dx channels per packed block (nv * lanes)
  std::int64_t ncib;  // dx channel blocks per group
  std::int64_t kc;    // dy channels per reduction block
  // Per axis: taps of one phase are `tap_step` apart in the kernel and `dy_step` apart in dy.
  std::int64_t tap_step_h, dy_step_h, tap_step_w, dy_step_w;
  bool in_place;           // dy is read where it is (every read inside it, one group)
  bool fused;              // a phase's (kw taps, c_out) run is contiguous in dy and packed weights
  bool rows_outer;         // every dx channel block's weights fit the cache budget together
  std::int64_t band_rows;  // dx rows per band
  std::int64_t bands;      // bands per image
  std::int64_t band_in_rows, band_cols, band_channels;  // the dy buffer's capacity (rows, cols, channels)
  std::int64_t col0;                     // dy column of buffer column 0 (negative: zero columns left of dy)
  bool gemm;                             // dy x weights into Z, then col2im (few dx channels per group)
  std::int64_t gemm_cols;                // Z columns that exist: kh * kw * c_in/groups
  std::int64_t gemm_blocks, gemm_pitch;  // column blocks of nb, and Z's row pitch (blocks * nb)
  std::int64_t gemm_rows;                // dy rows per chunk (Z holds gemm_rows * dy width pixels)

  std::int64_t parts = 1;                // ranges of dx channel blocks per band (direct form, cut for threads)
  bool even_bands = false;               // bands are even shares of the rows, at most band_rows (cut)

  // The tiles as conv2d_tile_cut.hpp orders them (its blocks: dx channel blocks; the gemm form
  // has one block, its tile an image x group, or a band of one when cut for threads).
  ConvTileCut tile_cut() const {
    return {.images = p.x.n, .groups = groups, .height = p.x.h, .width = p.x.w, .blocks = gemm ? 1 : ncib,
            .band_rows = band_rows, .bands = bands, .cols = 1, .parts = parts, .even = even_bands};
  }
  std::int64_t tiles() const { return tile_cut().tiles(); }
  std::int64_t packed_count() const {
    return gemm ? groups * gemm_blocks * cog * nb : groups * ncib * p.w.kh * p.w.kw * cog * nb;
  }
  // Units of packing work, each writing its own run of the layout: (group, column block) for the
  // gemm form, (group, c_in block, flipped kernel row) for the direct one.
  std::int64_t pack_units() const { return gemm ? groups * gemm_blocks : groups * ncib * p.w.kh; }
  // The per-thread buffer: a dy band, or one chunk's Z.
  std::int64_t band_count() const {
    return gemm ? gemm_rows * p.y.w * gemm_pitch : band_in_rows * band_cols * band_channels;
  }
};

// The plan, its tiles cut for `threads` threads (cut_conv_bwd_data_plan; one thread: the plan's own).
ConvBwdDataPlan make_conv_bwd_data_plan(const Conv2dProblem& p, const ConvRegisterBlocking& blocking,
                                        std::int64_t element_size, int threads = 1);

// The tiles cut for `threads` threads (cut_conv_tiles): the direct form's into ranges of dx
// channel blocks, then shorter bands; the gemm form's (a whole image x group) into bands of dx
// rows, each recomputing Z for the dy rows that reach it and adding into its own rows only, in
// the same order (dy rows ascending), so every dx element gets the same sum. One thread leaves the
// plan as it is. Any cut gives the same bits.
void cut_conv_bwd_data_plan(ConvBwdDataPlan& plan, int threads);

// The gemm form: the dy rows [first, last] whose Z a band of dx rows [ih_begin, ih_end) needs
// (every dy row when the image is one band).
void conv_bwd_data_gemm_band_rows(const ConvBwdDataPlan& plan, std::int64_t ih_begin, std::int64_t ih_end,
                                  std::int64_t& first, std::int64_t& last);

// The dy rows [first, last] a band of dx rows [ih_begin, ih_end) can read (some may lie outside dy).
void conv_bwd_data_band_rows(const ConvBwdDataPlan& plan, std::int64_t ih_begin, std::int64_t ih_end,
                             std::int64_t& first, std::int64_t& last);

// Packs HWIO weights into the plan's layout: flipped and transposed for the direct form,
// as (c_out/groups) x (kh*kw*c_in/groups) column blocks for the gemm form; zero padded. Returns
// whether any weight is an infinity or a NaN (for conv2d_nonfinite_fixup.hpp).
template <class T>
bool pack_conv_bwd_data_weights(const ConvBwdDataPlan& plan, const T* w, T* packed);
// The same for pack units [begin, end) only (threads split the packing over them); the result
// says whether the weights those units read hold an infinity or a NaN.
template <class T>
bool pack_conv_bwd_data_weights(const ConvBwdDataPlan& plan, const T* w, T* packed, std::int64_t begin,
                                std::int64_t end);

// Copies dy rows [row_first, row_last] of image n, group g, columns [col0, col0 + band_cols),
// into `band` as (rows, band_cols, cog), with zeros for rows and columns outside dy.
template <class T>
void fill_conv_bwd_data_band(const ConvBwdDataPlan& plan, const T* dy, std::int64_t n, std::int64_t g,
                             std::int64_t row_first, std::int64_t row_last, T* band);

}  // namespace cnnkit::ops

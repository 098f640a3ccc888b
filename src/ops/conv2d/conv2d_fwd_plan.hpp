// How the blocked forward convolution cuts a problem, decided once per call from the problem and
// the ISA tier's register blocking, ISA-neutral so the serial and threaded drivers share it.
//
//   packed weights  [group][c_out block][kh][kw][c_in/groups][nb]   (nb = NV vectors of lanes,
//                   zero-padded past c_out/groups so the microkernel never needs a tail there)
//   work            tiles = image x band of output rows x group x range of columns x range of
//                   c_out blocks (whole rows and one range unless cut for threads:
//                   conv2d_tile_cut.hpp); one tile = one unit of threading
//   input           a band's input rows, zero-padded and holding only its group's channels, in a
//                   per-thread buffer (or, with no padding and one group, read in place)
// Channel blocking: when one c_out block's weights exceed kWeightBlockBytes, the input channels
// are cut into blocks of kc and later blocks accumulate into y.
//
// Few output channels (at most half a vector, one group, stride_w 1: the stems and the seeds'
// layers) would leave most lanes of a channel vector idle, so those problems take the planar
// kernel instead: output pixels in the lanes, input bands stored planar (channel, row, column),
// weights read as broadcast scalars straight from HWIO (nothing to pack).
#pragma once

#include <cstdint>

#include "ops/conv2d/conv2d_problem.hpp"
#include "ops/conv2d/conv2d_tile_cut.hpp"

namespace cnnkit::ops {

// A tier's register blocking for one dtype: lanes per vector and pixels per tile for 1 and 2
// vectors of output channels.
struct ConvRegisterBlocking {
  int lanes;
  int mr_one_vector;
  int mr_two_vectors;
  int vector_registers;  // architectural vector registers (the planar kernel's budget)
};

// Vectors of output pixels per block of the planar kernel for `c_out` output channels: as many as
// fit in the registers (c_out*V accumulators, V pixel vectors, one broadcast), at most 8. The
// tier kernels instantiate exactly this.
constexpr int planar_vectors(int registers, int c_out) {
  const int v = (registers - 1) / (c_out + 1);
  return v < 1 ? 1 : v > 8 ? 8 : v;
}
inline constexpr int kPlanarMaxChannels = 8;  // the most output channels the planar kernel takes
// ... and input channels: its band de-interleaves every input channel of every row, which for
// many channels costs more than the idle lanes of the channel-vector kernel (U-Net's 64 -> 2
// output layer ran at 0.16x XNNPACK planar).
inline constexpr int kPlanarMaxInputChannels = 16;

struct ConvFwdPlan {
  Conv2dProblem p;
  std::int64_t groups, cig, cog;
  int nv;                  // vectors of output channels per block (1 or 2)
  int mr;                  // pixels per full tile
  std::int64_t nb;         // output channels per packed block (nv * lanes)
  std::int64_t ncob;       // blocks per group
  std::int64_t kc;         // input channels per channel block
  bool in_place;           // the input is read where it is (no padding, one group)
  bool fused;              // the (kw, c_in) run of a kernel row is contiguous: one inner loop
  bool planar;             // the planar kernel (see above); band = (c_in, band_in_rows, band_cols)
  int planar_vectors;      // its vectors of output pixels per full block
  std::int64_t band_rows;  // output rows per band
  std::int64_t bands;      // bands per image
  std::int64_t band_in_rows, band_cols, band_channels;  // the band buffer's (rows, cols, channels)
  // Set by cut_conv_fwd_plan (conv2d_tile_cut.hpp); planar: one part, whole rows.
  std::int64_t parts = 1;    // ranges of c_out blocks per band
  std::int64_t cols = 1;     // ranges of output columns per band
  bool even_bands = false;   // bands are even shares of the rows, at most band_rows

  // The tiles as conv2d_tile_cut.hpp orders them (its blocks: c_out blocks; planar: one).
  ConvTileCut tile_cut() const {
    return {.images = p.y.n, .groups = groups, .height = p.y.h, .width = p.y.w, .blocks = planar ? 1 : ncob,
            .band_rows = band_rows, .bands = bands, .cols = cols, .parts = parts, .even = even_bands};
  }
  std::int64_t tiles() const { return tile_cut().tiles(); }
  std::int64_t packed_count() const { return planar ? 0 : groups * ncob * p.w.kh * p.w.kw * cig * nb; }
  // Units of packing work, (group, c_out block, kernel row): each writes its own run of the layout.
  std::int64_t pack_units() const { return planar ? 0 : groups * ncob * p.w.kh; }
  std::int64_t band_count() const { return band_in_rows * band_cols * band_channels; }
};

inline constexpr std::int64_t kWeightBlockBytes = 384 * 1024;
inline constexpr std::int64_t kBandBytes = 192 * 1024;

// The plan, its tiles cut for `threads` threads (cut_conv_fwd_plan; one thread: the plan's own).
ConvFwdPlan make_conv_fwd_plan(const Conv2dProblem& p, const ConvRegisterBlocking& blocking, std::int64_t element_size,
                               int threads = 1);

// The plan's tiles cut for `threads` threads (cut_conv_tiles: ranges of c_out blocks, then
// shorter bands); one thread leaves the plan as it is. Any cut gives the same bits.
void cut_conv_fwd_plan(ConvFwdPlan& plan, int threads);

// Packs HWIO weights into the plan's layout (zeros past c_out/groups). Returns whether any weight
// is an infinity or a NaN (noted on the fly for conv2d_nonfinite_fixup.hpp).
template <class T>
bool pack_conv_fwd_weights(const ConvFwdPlan& plan, const T* w, T* packed);
// The same for pack units [begin, end) only (threads split the packing over them); the nonfinite
// scan covers the same share, [begin, end) of pack_units(), of w read as one flat array.
template <class T>
bool pack_conv_fwd_weights(const ConvFwdPlan& plan, const T* w, T* packed, std::int64_t begin, std::int64_t end);

// Copies input rows [row_begin, row_begin + plan.band_in_rows) of image n, group g, into `band`
// as (band_in_rows, band_cols, cig), with zeros for rows and columns outside the input.
template <class T>
void fill_conv_fwd_band(const ConvFwdPlan& plan, const T* x, std::int64_t n, std::int64_t g,
                        std::int64_t row_begin, T* band);

// The planar kernel's band: (cig, band_in_rows, band_cols), column j holding input column
// j - pad.left, zeros outside the input (including the columns past the right padding that only
// the last block's idle lanes read).
template <class T>
void fill_conv_fwd_planar_band(const ConvFwdPlan& plan, const T* x, std::int64_t n, std::int64_t row_begin, T* band);

}  // namespace cnnkit::ops

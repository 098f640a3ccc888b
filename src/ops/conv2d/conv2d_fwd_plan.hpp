// How the blocked forward convolution cuts a problem, decided once per call from the problem and
// the ISA tier's register blocking, ISA-neutral so the serial and threaded drivers share it.
//
//   packed weights  [group][c_out block][kh][kw][c_in/groups][nb]   (nb = NV vectors of lanes,
//                   zero-padded past c_out/groups so the microkernel never needs a tail there)
//   work            tiles = image x band of output rows x group; one tile = one unit of threading
//   input           a band's input rows, zero-padded and holding only its group's channels, in a
//                   per-thread buffer (or, with no padding and one group, read in place)
// Channel blocking: when one c_out block's weights exceed kWeightBlockBytes, the input channels
// are cut into blocks of kc and later blocks accumulate into y.
#pragma once

#include <cstdint>

#include "ops/conv2d/conv2d_problem.hpp"

namespace cnnkit::ops {

// A tier's register blocking for one dtype: lanes per vector and pixels per tile for 1 and 2
// vectors of output channels.
struct ConvRegisterBlocking {
  int lanes;
  int mr_one_vector;
  int mr_two_vectors;
};

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
  std::int64_t band_rows;  // output rows per band
  std::int64_t bands;      // bands per image
  std::int64_t band_in_rows, band_cols, band_channels;  // the band buffer's (rows, cols, channels)

  std::int64_t tiles() const { return p.y.n * bands * groups; }
  std::int64_t packed_count() const { return groups * ncob * p.w.kh * p.w.kw * cig * nb; }
  std::int64_t band_count() const { return band_in_rows * band_cols * band_channels; }
};

inline constexpr std::int64_t kWeightBlockBytes = 384 * 1024;
inline constexpr std::int64_t kBandBytes = 192 * 1024;

ConvFwdPlan make_conv_fwd_plan(const Conv2dProblem& p, const ConvRegisterBlocking& blocking, std::int64_t element_size);

// Packs HWIO weights into the plan's layout (zeros past c_out/groups).
template <class T>
void pack_conv_fwd_weights(const ConvFwdPlan& plan, const T* w, T* packed);

// Copies input rows [row_begin, row_begin + plan.band_in_rows) of image n, group g, into `band`
// as (band_in_rows, band_cols, cig), with zeros for rows and columns outside the input.
template <class T>
void fill_conv_fwd_band(const ConvFwdPlan& plan, const T* x, std::int64_t n, std::int64_t g,
                        std::int64_t row_begin, T* band);

}  // namespace cnnkit::ops

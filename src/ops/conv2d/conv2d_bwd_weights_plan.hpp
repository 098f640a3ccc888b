// How the blocked backward-weights convolution cuts a problem, decided once per call (ISA-neutral,
// so the serial and threaded drivers share it). Per group, dW is a GEMM with the reduction over
// output pixels:
//   dW[row, co] = sum over pixels p of x[p + offset(row)] * dy[p, co],   row = (kh, kw, c_in) in HWIO order
//
//   output rows     cut into runs of consecutive rows whose x offsets are consecutive too: a whole
//                   kernel row (kw * c_in rows) when dilation_w == 1 ("fused", which folds the
//                   Cin = 3 stems' taps together), one tap's c_in rows otherwise; runs are cut into
//                   row blocks of MR rows (the microkernel's broadcast side)
//   output columns  blocks of NV vectors of c_out per group (the microkernel's vector side); a
//                   block with missing channels reads dy from a zero-padded copy
//   work unit       (group, c_out block, run, row block): a fixed part of dW. Threads own disjoint
//                   ranges of units and each sums over every pixel in pixel order, so no sum is
//                   ever split across threads: results are bitwise the same for any thread count.
//   pixel chunks    bands of output rows of one image, or several whole small images, for cache
//                   reuse only: a unit's partial sums are kept in dW between chunks, so the
//                   chunking does not change a single bit (several images per chunk spare the
//                   dW round trips when dW is large and the images small)
//   pixel parts     when dW gives too few units to spread over many threads (1x1 layers with
//                   few channels, the stems: 2-30 units), the pixel chunks are also cut into
//                   fixed parts, from the shape alone: part 0 sums into dW, each other part into
//                   its own partial dW, and the partials are added to dW in part order after the
//                   parallel region. The work items are (part, unit); the bits depend on the
//                   shape only, never on the thread count.
//   input           a chunk's input rows, zero-padded and holding only its group's channels, in a
//                   per-thread buffer (or, with no padding and one group, read in place)
#pragma once

#include <cstdint>

#include "core/threading.hpp"
#include "ops/conv2d/conv2d_problem.hpp"

namespace cnnkit::ops {

// A tier's register blocking for backward weights, one dtype: lanes per vector and rows per block
// (MR) for blocks of 1..4 vectors of output channels.
struct ConvBwdWeightsBlocking {
  int lanes;
  int mr[4];              // mr[nv - 1]
  int row_accumulators;   // accumulators of the rows-vectorised tile (c_out x vectors of rows)
};

struct ConvBwdWeightsPlan {
  Conv2dProblem p;
  std::int64_t groups, cig, cog;
  int nv;                 // vectors of output channels per block (1..4)
  int mr;                 // rows per full row block
  std::int64_t nb;        // output channels per block (nv * lanes)
  std::int64_t ncob;      // c_out blocks per group
  bool in_place;          // x is read where it is (no padding, one group)
  bool fused;             // a run is a whole kernel row (dilation_w == 1)
  std::int64_t run_len;   // rows per run (kw * cig when fused, else cig)
  std::int64_t runs;      // runs per (group, c_out block): kh when fused, else kh * kw
  std::int64_t row_blocks;                              // row blocks per run
  std::int64_t chunk_rows, chunks_per_image;            // output rows per pixel chunk
  std::int64_t chunk_images;  // images per chunk (> 1 only when a chunk holds whole images)
  std::int64_t band_in_rows, band_cols, band_channels;  // the input band buffer (rows, cols, channels)

  // Few output channels per group and long runs (the Cin = 3 stems with c_out <= 8): vectors run
  // along a run's rows instead of along c_out, and dy is broadcast. A tile is rv row vectors
  // (of `lanes` rows of one run each) x cog channels; the units are these tiles.
  bool rows_vectorised;
  int lanes;
  int rv;                            // row vectors per tile
  std::int64_t vectors_per_run;      // row vectors per run
  std::int64_t tiles_per_group;

  std::int64_t pixel_chunks;  // pixel chunks in all: image chunks (of chunk_images) x chunks_per_image
  std::int64_t pixel_parts;   // fixed parts of the pixel chunks (see above; 1: no partials)

  std::int64_t units() const { return rows_vectorised ? groups * tiles_per_group : groups * ncob * runs * row_blocks; }
  // Work items: item = part * units() + unit (a part's units are adjacent: a chunk of items fills
  // each band for several units).
  std::int64_t items() const { return pixel_parts * units(); }
  // The pixel chunks [part_chunk_begin(k), part_chunk_begin(k + 1)) of part k.
  std::int64_t part_chunk_begin(std::int64_t part) const { return core::share_begin(pixel_chunks, pixel_parts, part); }
  std::int64_t dw_count() const { return p.w.kh * p.w.kw * p.w.c_in_per_group * p.w.c_out; }
  std::int64_t partials_count() const { return (pixel_parts - 1) * dw_count(); }  // parts 1.. own one each
  std::int64_t band_count() const { return band_in_rows * band_cols * band_channels; }  // per image
  // Row vectors read up to lanes - 1 elements past a run's last row, past the last band too.
  std::int64_t band_slack() const { return rows_vectorised ? lanes : 0; }
  std::int64_t dy_pack_count() const { return chunk_rows * p.y.w * nb; }                // per image
  // dy is copied for blocks whose channels run past c_out/groups (its last lanes would be missing).
  bool block_is_full(std::int64_t cob) const { return (cob + 1) * nb <= cog; }
};

inline constexpr std::int64_t kBwdWeightsChunkPixels = 512;
inline constexpr std::int64_t kBwdWeightsBandBytes = 256 * 1024;
inline constexpr std::int64_t kBwdWeightsImagesBandBytes = 2048 * 1024;  // bands of a several-image chunk
// Work items the units should give before the pixels are cut into parts: 64 threads taking
// kChunksPerThread chunks each (and 16 threads 4 items per chunk, so that items of unequal rows
// even out). The partials stay within kBwdWeightsPartialsBytes.
inline constexpr std::int64_t kBwdWeightsMinItems = 256;
inline constexpr std::int64_t kBwdWeightsPartialsBytes = 4 * 1024 * 1024;

ConvBwdWeightsPlan make_conv_bwd_weights_plan(const Conv2dProblem& p, const ConvBwdWeightsBlocking& blocking,
                                              std::int64_t element_size);

// Copies input rows [row_begin, row_begin + plan.band_in_rows) of image n, group g, into `band`
// as (band_in_rows, band_cols, cig), with zeros for rows and columns outside the input.
template <class T>
void fill_conv_bwd_weights_band(const ConvBwdWeightsPlan& plan, const T* x, std::int64_t n, std::int64_t g,
                                std::int64_t row_begin, T* band);

// dW += each partial dW (plan.partials_count() values), in part order (baseline code).
template <class T>
void add_conv_bwd_weights_partials(const ConvBwdWeightsPlan& plan, const T* partials, T* dw);

// dW = 0 (baseline code, callable from tier kernels).
template <class T>
void zero_conv_bwd_weights(const Conv2dProblem& p, T* dw);

// Zeros the slack after the bands (so row vectors never read uninitialised memory).
template <class T>
void clear_conv_bwd_weights_band_slack(const ConvBwdWeightsPlan& plan, T* slack);

// Zeros `images` dy pack buffers, so that later packs need only copy the existing channels.
template <class T>
void clear_conv_bwd_weights_dy_pack(const ConvBwdWeightsPlan& plan, std::int64_t images, T* packed);

// Copies dy rows [oh_begin, oh_begin + rows) of image n, the existing channels of c_out block cob
// of group g, into `packed` as (rows, y.w, nb); the lanes past them keep the zeros of the clear.
template <class T>
void pack_conv_bwd_weights_dy(const ConvBwdWeightsPlan& plan, const T* dy, std::int64_t n, std::int64_t g,
                              std::int64_t cob, std::int64_t oh_begin, std::int64_t rows, T* packed);

}  // namespace cnnkit::ops

// How the blocked forward and backward-data plans cut their tiles for a thread count. A plan's
// tiles are image x band of rows x group, each running every channel block of its group (output
// channel blocks forward, dx channel blocks backward): with few images (batch 1) a layer has a
// handful of tiles, fewer than the threads (resnet18's 28x28x128 layer at batch 1: 3 tiles, load
// balance 0.18 at 16 threads). The cut then also splits each tile's channel blocks into ranges
// (nothing is repeated but the band fill, and the consecutive tiles of one band that a chunk runs
// fill it once), and when that is not enough, cuts each image into more bands, as even as the rows
// allow (each band's fill and halo rows are then spread over fewer rows): the fewest bands, then
// the fewest ranges, that the dynamic schedule (threading.hpp) is expected to balance at
// kTileBalanceTarget. When even one-row bands and one-block ranges fall short (a 14-row batch-1
// layer on 16 threads: 0.875 at best), the forward also cuts rows into ranges of columns. Tiles still write disjoint outputs and every output element keeps its
// summation order, so every cut gives the serial bits; one thread keeps the plan's own cut.
#pragma once

#include <algorithm>
#include <cstdint>

#include "core/threading.hpp"

namespace cnnkit::ops {

// The balance the cut aims for (mean / max work per thread) before splitting tiles further.
inline constexpr double kTileBalanceTarget = 0.95;
// With at least this many tiles per thread the plan's own cut balances well enough: no search.
inline constexpr std::int64_t kTilesPerThreadEnough = 16;
// Threads the search simulates at most (more threads cut as this many would: only the balance
// depends on the cut, never the bits).
inline constexpr int kTileCutMaxThreads = 256;

// Tile t = (((n * bands + band) * groups + g) * cols + col) * parts + part: the column ranges and
// channel ranges of one band are adjacent, so a chunk's consecutive tiles share their band.
struct ConvTileCut {
  std::int64_t images, groups, height, width, blocks;  // the problem: rows, columns, channel blocks per group
  std::int64_t band_rows, bands;  // the most rows per band, bands per image
  std::int64_t cols = 1;          // ranges of columns per band (even shares)
  std::int64_t parts = 1;         // ranges of channel blocks per (image, band, group, column range)
  // The plan's own bands are band_rows each (the last may be shorter); a cut's are even shares of
  // the rows (sizes differ by at most one).
  bool even = false;

  std::int64_t tiles() const { return images * bands * groups * cols * parts; }
  std::int64_t part(std::int64_t t) const { return t % parts; }
  std::int64_t col(std::int64_t t) const { return t / parts % cols; }
  std::int64_t group(std::int64_t t) const { return t / parts / cols % groups; }
  std::int64_t band(std::int64_t t) const { return t / parts / cols / groups % bands; }
  std::int64_t image(std::int64_t t) const { return t / parts / cols / groups / bands; }
  std::int64_t row_begin(std::int64_t t) const {
    return even ? core::share_begin(height, bands, band(t)) : band(t) * band_rows;
  }
  std::int64_t row_end(std::int64_t t) const {
    return even ? core::share_begin(height, bands, band(t) + 1) : std::min(row_begin(t) + band_rows, height);
  }
  // Columns [col_begin, col_end) and channel blocks [block_begin, block_end) of tile t: contiguous
  // ranges whose sizes differ by <= 1.
  std::int64_t col_begin(std::int64_t t) const { return core::share_begin(width, cols, col(t)); }
  std::int64_t col_end(std::int64_t t) const { return core::share_begin(width, cols, col(t) + 1); }
  std::int64_t block_begin(std::int64_t t) const { return core::share_begin(blocks, parts, part(t)); }
  std::int64_t block_end(std::int64_t t) const { return core::share_begin(blocks, parts, part(t) + 1); }
  // Whether tiles a and b read the same band (same image, band and group).
  bool same_band(std::int64_t a, std::int64_t b) const { return a / (parts * cols) == b / (parts * cols); }
  // Relative cost: the band's rows times the range's columns times the part's channel blocks.
  double work(std::int64_t t) const {
    return double(row_end(t) - row_begin(t)) * double(col_end(t) - col_begin(t)) *
           double(block_end(t) - block_begin(t));
  }
};

// The plan's own cut (bands of band_rows, whole rows, one part) refined for `threads` as described
// above; column ranges (at most max_cols, 1: never) only when bands and channel ranges cannot
// balance, and they are the last resort.
ConvTileCut cut_conv_tiles(const ConvTileCut& own, int threads, std::int64_t max_cols);

}  // namespace cnnkit::ops

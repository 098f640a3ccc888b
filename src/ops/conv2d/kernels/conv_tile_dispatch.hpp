// Runs the ConvTile instantiation for a runtime pixel count 1..MR (row tails), so full tiles and
// tails share one microkernel template.
#pragma once

#include <cstdint>

#include "ops/conv2d/kernels/conv_tile.hpp"

namespace cnnkit::ops::kernels {

template <class A, class T, int NV, int MR>
void run_conv_tile(int pixels, const TileArgs<T>& args) {
  if constexpr (MR > 0) {
    if (pixels == MR) return ConvTile<A, T, MR, NV>::run(args);
    run_conv_tile<A, T, NV, MR - 1>(pixels, args);
  }
}

// A two-row tile of `pixels` (1..P) per row: ConvTile over 2 * pixels with the split after the
// first row's.
template <class A, class T, int NV, int P>
void run_conv_tile_two_rows(int pixels, const TileArgs<T>& args) {
  if constexpr (P > 0) {
    if (pixels == P) return ConvTile<A, T, 2 * P, NV, P>::run(args);
    run_conv_tile_two_rows<A, T, NV, P - 1>(pixels, args);
  }
}

// Calls body(first, pixels) for a row of `count` pixels cut into ceil(count / MR) tiles of equal
// size (the first ones one pixel larger). A full-MR-then-remainder cut left short tails with too
// few independent sums to hide the FMA latency: a 7-pixel row was 6 + 1 on avx2_fma (two
// accumulator chains in the second tile), 4 + 3 here; 17 on avx512 is 9 + 8 instead of 14 + 3.
template <int MR, class Body>
void for_balanced_tiles(std::int64_t count, Body&& body) {
  const std::int64_t tiles = (count + MR - 1) / MR;
  if (tiles == 0) return;
  const std::int64_t size = count / tiles, larger = count % tiles;
  std::int64_t first = 0;
  for (std::int64_t t = 0; t < tiles; ++t) {
    const int pixels = static_cast<int>(size + (t < larger ? 1 : 0));
    body(first, pixels);
    first += pixels;
  }
}

}  // namespace cnnkit::ops::kernels

// Runs the ConvTile instantiation for a runtime pixel count 1..MR (row tails), so full tiles and
// tails share one microkernel template.
#pragma once

#include <cstdint>

#include "ops/conv2d/kernels/balanced_tiles.hpp"
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

}  // namespace cnnkit::ops::kernels

// Runs the ConvTile instantiation for a runtime pixel count 1..MR (row tails), so full tiles and
// tails share one microkernel template.
#pragma once

#include "ops/conv2d/kernels/conv_tile.hpp"

namespace cnnkit::ops::kernels {

template <class A, class T, int NV, int MR>
void run_conv_tile(int pixels, const TileArgs<T>& args) {
  if constexpr (MR > 0) {
    if (pixels == MR) return ConvTile<A, T, MR, NV>::run(args);
    run_conv_tile<A, T, NV, MR - 1>(pixels, args);
  }
}

}  // namespace cnnkit::ops::kernels

// How a row of output pixels is cut into microkernel tiles, shared by the blocked kernels and the
// depthwise ones.
#pragma once

#include <cstdint>

namespace cnnkit::ops::kernels {

// Calls body(first, pixels) for a row of `count` pixels cut into ceil(count / MR) tiles of equal
// size (the first ones one pixel larger). A full-MR-then-remainder cut left short tails with too
// few independent sums to hide the FMA latency: a 7-pixel row was 6 + 1 on avx2_fma (two
// accumulator chains in the second tile), 4 + 3 here; 17 on avx512 is 9 + 8 instead of 14 + 3; a
// lone depthwise edge pixel cost as much as 8 interior ones.
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

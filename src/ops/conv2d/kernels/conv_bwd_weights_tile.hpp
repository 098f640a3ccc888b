// The register-blocked backward-weights microkernel: an MR x (NV*L) block of dW (MR consecutive
// dW rows = consecutive x offsets, NV vectors of output channels) summed over the pixels of a
// chunk:
//   acc[t][v] += x[pixel + t] * dy[pixel, v*L .. +L]
// one scalar broadcast of x per (pixel, row) and NV vector loads of dy per pixel. The x side is a
// zero-padded band or an interior region and dy has all NV*L lanes (a zero-padded copy for a
// block past c_out), so the loop has no bounds checks; only the dW store is masked. Every dW
// element is one FMA chain over the pixels in order, whatever MR and NV are. A chunk is `images`
// images of `rows` x `cols` output pixels each. Templated on the
// xsimd arch: each ISA tier's translation unit gets its own instantiation.
#pragma once

#include <cstdint>
#include <xsimd/xsimd.hpp>

#include "simd/tail.hpp"

namespace cnnkit::ops::kernels {

template <class T>
struct WeightsTileArgs {
  const T* x;              // output pixel (0, 0) of the chunk, first row of the block
  std::int64_t x_pixel;    // between consecutive output columns
  std::int64_t x_row;      // between consecutive output rows
  const T* dy;             // output pixel (0, 0) of the chunk, first channel of the block
  std::int64_t dy_pixel, dy_row;
  std::int64_t images;      // images of the chunk
  std::int64_t x_image, dy_image;  // between consecutive images
  std::int64_t rows, cols;  // output rows and columns of the chunk (per image)
  T* dw;                    // first row, first channel of the block
  std::int64_t dw_row;      // between consecutive dW rows
  int valid;                // output channels of the block that exist (<= NV*L)
  bool accumulate;          // continue the sums already in dW (later chunks) instead of starting at 0
};

template <class A, class T, int MR, int NV>
struct WeightsTile {
  using B = xsimd::batch<T, A>;
  static constexpr int L = static_cast<int>(B::size);

  static void run(const WeightsTileArgs<T>& a) {
    B acc[MR][NV];
    init(a, acc);
    for (std::int64_t m = 0; m < a.images; ++m)
    for (std::int64_t r = 0; r < a.rows; ++r) {
      const T* xp = a.x + m * a.x_image + r * a.x_row;
      const T* dp = a.dy + m * a.dy_image + r * a.dy_row;
      for (std::int64_t q = 0; q < a.cols; ++q, xp += a.x_pixel, dp += a.dy_pixel) {
        B d[NV];
#pragma GCC unroll 8
        for (int v = 0; v < NV; ++v) d[v] = B::load_unaligned(dp + v * L);
#pragma GCC unroll 32
        for (int t = 0; t < MR; ++t) {
          const B xb(xp[t]);
#pragma GCC unroll 8
          for (int v = 0; v < NV; ++v) acc[t][v] = xsimd::fma(xb, d[v], acc[t][v]);
        }
      }
    }
    for (int t = 0; t < MR; ++t)
      for (int v = 0; v < NV; ++v) simd::store_tail<A>(a.dw + t * a.dw_row + v * L, acc[t][v], lanes(a.valid, v));
  }

 private:
  static void init(const WeightsTileArgs<T>& a, B (&acc)[MR][NV]) {
    for (int t = 0; t < MR; ++t)
      for (int v = 0; v < NV; ++v)
        acc[t][v] = a.accumulate ? simd::load_tail<A>(a.dw + t * a.dw_row + v * L, lanes(a.valid, v)) : B(T(0));
  }

  // Lanes of vector v that hold existing channels (0..L).
  static int lanes(int valid, int v) {
    const int n = valid - v * L;
    return n <= 0 ? 0 : (n >= L ? L : n);
  }
};

// Runs the instantiation for a runtime row count 1..MR (the last block of a run).
template <class A, class T, int NV, int MR>
void run_weights_tile(int rows, const WeightsTileArgs<T>& args) {
  if constexpr (MR > 0) {
    if (rows == MR) return WeightsTile<A, T, MR, NV>::run(args);
    run_weights_tile<A, T, NV, MR - 1>(rows, args);
  }
}

}  // namespace cnnkit::ops::kernels

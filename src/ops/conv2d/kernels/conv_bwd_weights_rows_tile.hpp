// The rows-vectorised backward-weights microkernel, for few output channels per group (c_out <= 8,
// e.g. the Cin = 3 stems' 3 or 8 filters): RV vectors along dW rows (each L consecutive rows of
// one run, i.e. L consecutive x offsets) x CO output channels, summed over the pixels of a chunk:
//   acc[v][o] += x[pixel + offset[v] .. +L] * dy[pixel, o]
// one vector load of x per (pixel, vector) and one scalar broadcast of dy per (pixel, channel),
// so the lanes hold rows instead of mostly-empty channel vectors. Lanes past a vector's rows read
// the band's next elements (the band has slack at its end) and are never stored. dW is read and
// written per lane through a small buffer, once per chunk. Every dW element is one FMA chain over
// the pixels in order, as in the c_out-vectorised kernel.
#pragma once

#include <cstdint>
#include <xsimd/xsimd.hpp>

namespace cnnkit::ops::kernels {

template <class T>
struct RowsTileArgs {
  const T* x;                    // output pixel (0, 0) of the chunk in the band
  std::int64_t offset[4];        // x offset of each row vector
  T* dw[4];                      // dW row of each vector's first lane, at this group's channel 0
  int rows[4];                   // dW rows of each vector that exist (0..L)
  std::int64_t x_pixel, x_row, x_image;
  const T* dy;                   // output pixel (0, 0) of the chunk, this group's channel 0
  std::int64_t dy_pixel, dy_row, dy_image;
  std::int64_t images, rows_out, cols;
  std::int64_t dw_row;           // between consecutive dW rows
  bool accumulate;
};

template <class A, class T, int RV, int CO>
struct RowsTile {
  using B = xsimd::batch<T, A>;
  static constexpr int L = static_cast<int>(B::size);

  static void run(const RowsTileArgs<T>& a) {
    B acc[RV][CO];
    alignas(64) T lanes[L];
    for (int v = 0; v < RV; ++v)
      for (int o = 0; o < CO; ++o) {
        for (int l = 0; l < L; ++l) lanes[l] = a.accumulate && l < a.rows[v] ? a.dw[v][l * a.dw_row + o] : T(0);
        acc[v][o] = B::load_aligned(lanes);
      }
    for (std::int64_t m = 0; m < a.images; ++m)
      for (std::int64_t r = 0; r < a.rows_out; ++r) {
        const T* xp = a.x + m * a.x_image + r * a.x_row;
        const T* dp = a.dy + m * a.dy_image + r * a.dy_row;
        for (std::int64_t q = 0; q < a.cols; ++q, xp += a.x_pixel, dp += a.dy_pixel) {
          B xv[RV];
#pragma GCC unroll 4
          for (int v = 0; v < RV; ++v) xv[v] = B::load_unaligned(xp + a.offset[v]);
#pragma GCC unroll 8
          for (int o = 0; o < CO; ++o) {
            const B d(dp[o]);
#pragma GCC unroll 4
            for (int v = 0; v < RV; ++v) acc[v][o] = xsimd::fma(xv[v], d, acc[v][o]);
          }
        }
      }
    for (int v = 0; v < RV; ++v)
      for (int o = 0; o < CO; ++o) {
        acc[v][o].store_aligned(lanes);
        for (int l = 0; l < a.rows[v]; ++l) a.dw[v][l * a.dw_row + o] = lanes[l];
      }
  }
};

// Runs the instantiation for runtime (rv, co): rv in 1..4, co in 1..8.
template <class A, class T, int RV>
void run_rows_tile_co(int co, const RowsTileArgs<T>& a) {
  switch (co) {
    case 1: return RowsTile<A, T, RV, 1>::run(a);
    case 2: return RowsTile<A, T, RV, 2>::run(a);
    case 3: return RowsTile<A, T, RV, 3>::run(a);
    case 4: return RowsTile<A, T, RV, 4>::run(a);
    case 5: return RowsTile<A, T, RV, 5>::run(a);
    case 6: return RowsTile<A, T, RV, 6>::run(a);
    case 7: return RowsTile<A, T, RV, 7>::run(a);
    default: return RowsTile<A, T, RV, 8>::run(a);
  }
}

template <class A, class T>
void run_rows_tile(int rv, int co, const RowsTileArgs<T>& a) {
  switch (rv) {
    case 1: return run_rows_tile_co<A, T, 1>(co, a);
    case 2: return run_rows_tile_co<A, T, 2>(co, a);
    case 3: return run_rows_tile_co<A, T, 3>(co, a);
    default: return run_rows_tile_co<A, T, 4>(co, a);
  }
}

}  // namespace cnnkit::ops::kernels

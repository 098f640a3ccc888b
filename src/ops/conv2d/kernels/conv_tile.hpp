// The register-blocked convolution microkernel, shared by forward and backward-data.
//
// It computes an MR x (NV*L) tile of outputs: MR output pixels times NV vectors of L output
// channels, accumulating over a three-level tap loop (outer, mid, inner) of
//   acc[r][v] += x[pixel r + outer*xo + mid*xm + k] * w[outer*wo + mid*wm + k*NB + v*L .. +L]
// with one scalar broadcast of x per (pixel, k) and NV vector loads of packed weights per k.
// Forward uses outer = kh, mid = kw, inner = input channels (or, when the input row run is
// contiguous, mid = 1 and inner = kw*C fused); backward-data uses the same with the roles of
// dy / transposed weights. The x side is always a zero-padded buffer or an interior region, so
// the kernel never checks bounds. Templated on the xsimd arch: each ISA tier's translation unit
// gets its own instantiation.
#pragma once

#include <cstdint>
#include <xsimd/xsimd.hpp>

#include "ops/conv2d/kernels/conv_relu.hpp"
#include "simd/tail.hpp"

namespace cnnkit::ops::kernels {

template <class T>
struct TileArgs {
  const T* x;               // pixel 0, tap (0, 0), channel 0
  std::int64_t x_pixel;     // between consecutive pixels of the tile
  const T* w;               // packed weights of this channel block: [outer][mid][inner][NB]
  std::int64_t n_outer, x_outer, w_outer;
  std::int64_t n_mid, x_mid, w_mid;
  std::int64_t n_inner;     // x steps by 1, w by NB per inner step
  T* y;                     // pixel 0, channel 0 of this block
  std::int64_t y_pixel;     // between consecutive output pixels
  int valid;                // output channels of this block that exist (<= NV*L)
  bool accumulate;          // add to y (later input-channel blocks) instead of overwriting
  const T* bias;            // added when !accumulate; may be null; indexed like y's channels
  const T* x2;              // two-row tiles (SPLIT > 0): pixel SPLIT's x, like x for pixel 0
  T* y2;                    // two-row tiles: pixel SPLIT's y
  bool relu;                // relu_forward's rule at the store (the last input-channel block only)
};

// SPLIT > 0: a tile over two rows, pixels [0, SPLIT) at x / y and [SPLIT, MR) at x2 / y2 (short
// rows, e.g. 7x7 maps with 14-pixel tiles: one weight load serves both rows).
template <class A, class T, int MR, int NV, int SPLIT = 0>
struct ConvTile {
  using B = xsimd::batch<T, A>;
  static constexpr int L = static_cast<int>(B::size);
  static constexpr int NB = NV * L;

  static void run(const TileArgs<T>& a) {
    B acc[MR][NV];
    init(a, acc);
    const std::int64_t xp = a.x_pixel;
    for (std::int64_t o = 0; o < a.n_outer; ++o)
      for (std::int64_t m = 0; m < a.n_mid; ++m) {
        const T* xk = a.x + o * a.x_outer + m * a.x_mid;
        const T* xk2 = SPLIT > 0 ? a.x2 + o * a.x_outer + m * a.x_mid : xk;
        const T* wk = a.w + o * a.w_outer + m * a.w_mid;
        for (std::int64_t k = 0; k < a.n_inner; ++k, ++xk, ++xk2, wk += NB) {
          B wv[NV];
#pragma GCC unroll 8
          for (int v = 0; v < NV; ++v) wv[v] = B::load_aligned(wk + v * L);
#pragma GCC unroll 16
          for (int r = 0; r < MR; ++r) {
            const B xb(SPLIT == 0 || r < SPLIT ? xk[r * xp] : xk2[(r - SPLIT) * xp]);
#pragma GCC unroll 8
            for (int v = 0; v < NV; ++v) acc[r][v] = xsimd::fma(xb, wv[v], acc[r][v]);
          }
        }
      }
    store(a, acc);
  }

 private:
  static void init(const TileArgs<T>& a, B (&acc)[MR][NV]) {
    if (a.accumulate) {
      for (int r = 0; r < MR; ++r)
        for (int v = 0; v < NV; ++v) acc[r][v] = simd::load_tail<A>(y_of(a, r) + v * L, lanes(a.valid, v));
      return;
    }
    B start[NV];
    for (int v = 0; v < NV; ++v) start[v] = a.bias ? simd::load_tail<A>(a.bias + v * L, lanes(a.valid, v)) : B(T(0));
    for (int r = 0; r < MR; ++r)
      for (int v = 0; v < NV; ++v) acc[r][v] = start[v];
  }

  static void store(const TileArgs<T>& a, B (&acc)[MR][NV]) {
    if (a.relu)
      for (int r = 0; r < MR; ++r)
        for (int v = 0; v < NV; ++v) acc[r][v] = relu_epilogue<A, T>(acc[r][v]);
    for (int r = 0; r < MR; ++r)
      for (int v = 0; v < NV; ++v) simd::store_tail<A>(y_of(a, r) + v * L, acc[r][v], lanes(a.valid, v));
  }

  static T* y_of(const TileArgs<T>& a, int r) {
    return SPLIT == 0 || r < SPLIT ? a.y + r * a.y_pixel : a.y2 + (r - SPLIT) * a.y_pixel;
  }

  // Lanes of vector v that hold existing channels (0..L).
  static int lanes(int valid, int v) {
    const int n = valid - v * L;
    return n <= 0 ? 0 : (n >= L ? L : n);
  }
};

}  // namespace cnnkit::ops::kernels

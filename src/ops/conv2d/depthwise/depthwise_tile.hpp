// The depthwise microkernel shared by forward and backward data: MR output pixels x NV channel
// vectors of a run, summing kernel rows x column taps. Every operand is a whole channel vector
// (the caller offsets in, w and out to the vector's first channel):
//   out[r] = (bias) + sum over rows i, column taps k of in[row_in[i] + col_in[k] + (p0 + r)*in_pixel] * w[row_w[i] + col_w[k]]
// A column tap k exists only for run pixels [col_lo[k], col_hi[k]] (the others would read outside
// the input: skipped, as the reference does). Interior tiles (every tap exists for every pixel)
// run unchecked; with `sliding` (tap k+1 at pixel r reads what tap k reads at pixel r+1: stride
// equal to dilation, as in every stride-1 layer) a kernel row loads MR + taps - 1 input vectors
// instead of MR x taps, shifting a register window along the row.
#pragma once

#include <algorithm>
#include <cstdint>
#include <xsimd/xsimd.hpp>

#include "ops/conv2d/kernels/balanced_tiles.hpp"
#include "ops/conv2d/kernels/conv_relu.hpp"
#include "simd/tail.hpp"

namespace cnnkit::ops::kernels {

// One run of output pixels: which kernel rows and column taps reach it.
struct DepthwiseRun {
  int rows = 0;
  const std::int64_t* row_in = nullptr;  // per kernel row: input offset at pixel 0 (before col_in)
  const std::int64_t* row_w = nullptr;   // per kernel row: weight offset (before col_w)
  int cols = 0;
  const std::int64_t* col_in = nullptr;  // per column tap: input offset, increasing
  const std::int64_t* col_w = nullptr;   // per column tap: weight offset
  const std::int64_t* col_lo = nullptr;  // per column tap: first run pixel it exists for
  const std::int64_t* col_hi = nullptr;  // per column tap: last run pixel it exists for
  std::int64_t in_pixel = 0;             // input step between consecutive run pixels
  bool sliding = false;                  // col_in[k + 1] - col_in[k] == in_pixel for every k
  std::int64_t interior_lo = 0, interior_hi = -1;  // run pixels every column tap exists for
  bool relu = false;  // relu_forward's rule at the store (the forward relu epilogue)
};

template <class A, class T, int MR, int NV, bool Tail, bool Checked>
void depthwise_tile(const DepthwiseRun& run, const T* in, const T* w, T* out, std::int64_t out_pixel, const T* bias,
                    int lanes, std::int64_t p0) {
  using B = xsimd::batch<T, A>;
  constexpr int L = static_cast<int>(B::size);
  static_assert(NV == 1 || !Tail, "only a single vector has a tail");
  auto load = [lanes](const T* p) { return Tail ? simd::load_tail<A>(p, lanes) : B::load_unaligned(p); };
  B acc[MR][NV];
#pragma GCC unroll 8
  for (int v = 0; v < NV; ++v) {
    const B start = bias ? load(bias + v * L) : B(T(0));
#pragma GCC unroll 16
    for (int r = 0; r < MR; ++r) acc[r][v] = start;
  }
  const std::int64_t ip = run.in_pixel;
  // Offsets stay integers until they address an element that exists (a tap's offset alone may
  // point before the input).
  for (int i = 0; i < run.rows; ++i) {
    const std::int64_t row = run.row_in[i] + p0 * ip;
    const T* wrow = w + run.row_w[i];
    if constexpr (NV == 1 && !Checked) {
      if (run.sliding) {
        // xs[r] = this tap's input for pixel r; the next tap's is xs[r + 1].
        const std::int64_t src = row + run.col_in[0];
        B xs[MR];
#pragma GCC unroll 16
        for (int r = 0; r < MR; ++r) xs[r] = load(in + (src + r * ip));
        for (int k = 0;; ++k) {
          const B wv = load(wrow + run.col_w[k]);
#pragma GCC unroll 16
          for (int r = 0; r < MR; ++r) acc[r][0] = xsimd::fma(xs[r], wv, acc[r][0]);
          if (k + 1 == run.cols) break;
#pragma GCC unroll 16
          for (int r = 0; r + 1 < MR; ++r) xs[r] = xs[r + 1];
          xs[MR - 1] = load(in + (src + (MR + k) * ip));
        }
        continue;
      }
    }
    for (int k = 0; k < run.cols; ++k) {
      B wv[NV];
#pragma GCC unroll 8
      for (int v = 0; v < NV; ++v) wv[v] = load(wrow + run.col_w[k] + v * L);
      const std::int64_t src = row + run.col_in[k];
      const std::int64_t lo = run.col_lo[k] - p0, hi = run.col_hi[k] - p0;
      if (Checked && (lo > 0 || hi < MR - 1)) {  // the tap misses some of the tile's pixels
#pragma GCC unroll 16
        for (int r = 0; r < MR; ++r)
          if (r >= lo && r <= hi) {
            const T* x = in + (src + r * ip);
#pragma GCC unroll 8
            for (int v = 0; v < NV; ++v) acc[r][v] = xsimd::fma(load(x + v * L), wv[v], acc[r][v]);
          }
      } else {
#pragma GCC unroll 16
        for (int r = 0; r < MR; ++r) {
          const T* x = in + (src + r * ip);
#pragma GCC unroll 8
          for (int v = 0; v < NV; ++v) acc[r][v] = xsimd::fma(load(x + v * L), wv[v], acc[r][v]);
        }
      }
    }
  }
  if (run.relu)
    for (int r = 0; r < MR; ++r)
      for (int v = 0; v < NV; ++v) acc[r][v] = relu_epilogue<A, T>(acc[r][v]);
#pragma GCC unroll 16
  for (int r = 0; r < MR; ++r)
#pragma GCC unroll 8
    for (int v = 0; v < NV; ++v) {
      if (Tail)
        simd::store_tail<A>(out + r * out_pixel, acc[r][v], lanes);
      else
        acc[r][v].store_unaligned(out + r * out_pixel + v * L);
    }
}

// An interior tile of MR pixels x one channel vector for a sliding run with exactly KW column taps
// (the 3x3 and 5x5 layers): per kernel row, the KW weights stay in registers and each of the
// MR + KW - 1 input vectors the row's taps read is loaded once and used by every tap that reads
// it (KW FMAs per load instead of one).
template <class A, class T, int MR, int KW, bool Tail>
void depthwise_tile_sliding(const DepthwiseRun& run, const T* in, const T* w, T* out, std::int64_t out_pixel,
                            const T* bias, int lanes, std::int64_t p0) {
  using B = xsimd::batch<T, A>;
  auto load = [lanes](const T* p) { return Tail ? simd::load_tail<A>(p, lanes) : B::load_unaligned(p); };
  B acc[MR];
  const B start = bias ? load(bias) : B(T(0));
#pragma GCC unroll 16
  for (int r = 0; r < MR; ++r) acc[r] = start;
  const std::int64_t ip = run.in_pixel;
  for (int i = 0; i < run.rows; ++i) {
    const T* x0 = in + (run.row_in[i] + p0 * ip + run.col_in[0]);
    const T* wr = w + run.row_w[i];
    B wv[KW];
#pragma GCC unroll 8
    for (int k = 0; k < KW; ++k) wv[k] = load(wr + run.col_w[k]);
#pragma GCC unroll 24
    for (int q = 0; q < MR + KW - 1; ++q) {
      const B xv = load(x0 + q * ip);
#pragma GCC unroll 8
      for (int k = 0; k < KW; ++k)
        if (q - k >= 0 && q - k < MR) acc[q - k] = xsimd::fma(xv, wv[k], acc[q - k]);
    }
  }
  if (run.relu)
    for (int r = 0; r < MR; ++r) acc[r] = relu_epilogue<A, T>(acc[r]);
#pragma GCC unroll 16
  for (int r = 0; r < MR; ++r) {
    if (Tail)
      simd::store_tail<A>(out + r * out_pixel, acc[r], lanes);
    else
      acc[r].store_unaligned(out + r * out_pixel);
  }
}

// A tile of `pixels` (1..MR) run pixels from p0: the instantiation for exactly that many, checked
// unless they all lie in the interior.
template <class A, class T, int MR, int NV, bool Tail>
void depthwise_tile_any(int pixels, const DepthwiseRun& run, const T* in, const T* w, T* out, std::int64_t out_pixel,
                        const T* bias, int lanes, std::int64_t p0) {
  if constexpr (MR > 0) {
    if (pixels == MR) {
      if (p0 >= run.interior_lo && p0 + MR - 1 <= run.interior_hi) {
        if (run.sliding && (run.cols == 3 || run.cols == 5)) {
          constexpr int L = static_cast<int>(xsimd::batch<T, A>::size);
          for (int v = 0; v < NV; ++v) {
            const T* b = bias ? bias + v * L : nullptr;
            if (run.cols == 3)
              depthwise_tile_sliding<A, T, MR, 3, Tail>(run, in + v * L, w + v * L, out + v * L, out_pixel, b, lanes, p0);
            else
              depthwise_tile_sliding<A, T, MR, 5, Tail>(run, in + v * L, w + v * L, out + v * L, out_pixel, b, lanes, p0);
          }
          return;
        }
        return depthwise_tile<A, T, MR, NV, Tail, false>(run, in, w, out, out_pixel, bias, lanes, p0);
      }
      return depthwise_tile<A, T, MR, NV, Tail, true>(run, in, w, out, out_pixel, bias, lanes, p0);
    }
    depthwise_tile_any<A, T, MR - 1, NV, Tail>(pixels, run, in, w, out, out_pixel, bias, lanes, p0);
  }
}

// Run pixels [0, count) into out (pixel p at out + p*out_pixel), every channel of `channels`. in,
// w, out and bias point at channel 0. The run is cut into tiles of equal size (at most MR): a
// short tile has too few independent sums to hide the FMA latency (a lone edge pixel cost as much
// as 8 interior ones), so the edge pixels share a checked tile with interior ones. Channels go by
// NV vectors (neighbouring cache lines of each pixel, the tap's weights loaded once for NV x MR
// sums), then single vectors (sliding along the row when the run allows), then the tail.
// Channel blocks are innermost: a pixel's channels are contiguous, while pixels are a whole
// channel count apart (4 KiB at 1024 channels, which fought over a few L1 sets when the channel
// loop was outermost).
template <class A, class T, int MR, int NV>
void depthwise_run(const DepthwiseRun& run, const T* in, const T* w, T* out, std::int64_t out_pixel, const T* bias,
                   std::int64_t count, std::int64_t channels) {
  constexpr std::int64_t L = xsimd::batch<T, A>::size;
  const std::int64_t blocked = channels / (NV * L) * (NV * L), whole = channels / L * L;
  for_balanced_tiles<MR>(count, [&](std::int64_t p0, int pixels) {
    T* o = out + p0 * out_pixel;
    for (std::int64_t c = 0; c < blocked; c += NV * L)
      depthwise_tile_any<A, T, MR, NV, false>(pixels, run, in + c, w + c, o + c, out_pixel, bias ? bias + c : nullptr,
                                              L, p0);
    for (std::int64_t c = blocked; c < whole; c += L)
      depthwise_tile_any<A, T, MR, 1, false>(pixels, run, in + c, w + c, o + c, out_pixel, bias ? bias + c : nullptr,
                                             L, p0);
    if (whole < channels)
      depthwise_tile_any<A, T, MR, 1, true>(pixels, run, in + whole, w + whole, o + whole, out_pixel,
                                            bias ? bias + whole : nullptr, static_cast<int>(channels - whole), p0);
  });
}

}  // namespace cnnkit::ops::kernels

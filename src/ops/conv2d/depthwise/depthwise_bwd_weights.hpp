// Depthwise backward weights, one tier: work items [begin, end) of (row chunk, channel vector)
// (see depthwise_plan.hpp), each writing its chunk's partial dW for its channels:
//   partial[(i*kw + j)*c + ch] = sum over the chunk's rows (n, oh) and ow of x(n, ih, iw, ch) * dy(n, oh, ow, ch)
// One kernel row i at a time, its kw taps in registers sharing each dy load, and even and odd
// output columns in separate accumulators (two chains per tap, enough to hide FMA latency). The
// summation order depends on the shape only.
#pragma once

#include <algorithm>
#include <cstdint>
#include <xsimd/xsimd.hpp>

#include "ops/conv2d/conv2d_problem.hpp"
#include "ops/conv2d/depthwise/depthwise_plan.hpp"
#include "ops/nhwc_index.hpp"
#include "simd/tail.hpp"

namespace cnnkit::ops::kernels {

// Kernel row i's taps [j0, j0 + KW) of one channel vector over rows [r0, r1).
template <class A, class T, int KW, bool Tail>
void depthwise_bwd_weights_taps(const Conv2dProblem& p, const T* x, const T* dy, T* partial, std::int64_t r0,
                                std::int64_t r1, std::int64_t ch, int lanes, std::int64_t i, std::int64_t j0) {
  using B = xsimd::batch<T, A>;
  const Conv2dParams& q = p.params;
  const std::int64_t C = p.x.c, W = p.x.w, Wo = p.y.w, sw = q.stride_w, pl = q.pad.left, dw = q.dilation_w;
  auto load = [lanes](const T* a) { return Tail ? simd::load_tail<A>(a, lanes) : B::load_unaligned(a); };
  // Output columns where all KW taps read inside the row: [lo, hi].
  const std::int64_t first = j0 * dw - pl, last = (j0 + KW - 1) * dw - pl;  // tap columns at ow = 0
  const std::int64_t lo = std::min(Wo, first >= 0 ? 0 : (-first + sw - 1) / sw);
  const std::int64_t hi = W - 1 - last < 0 ? -1 : std::min(Wo - 1, (W - 1 - last) / sw);
  B acc[2][KW];
  for (int j = 0; j < KW; ++j) acc[0][j] = acc[1][j] = B(T(0));
  for (std::int64_t row = r0; row < r1; ++row) {
    const std::int64_t n = row / p.y.h, oh = row % p.y.h;
    const std::int64_t ih = oh * q.stride_h - q.pad.top + i * q.dilation_h;
    if (ih < 0 || ih >= p.x.h) continue;
    const T* x_row = x + offset(p.x, n, ih, 0, ch);
    const T* dy_row = dy + offset(p.y, n, oh, 0, ch);
    auto edge = [&](std::int64_t ow) {
      const B d = load(dy_row + ow * C);
      for (int j = 0; j < KW; ++j) {
        const std::int64_t iw = ow * sw + first + j * dw;
        if (iw >= 0 && iw < W) acc[0][j] = xsimd::fma(load(x_row + iw * C), d, acc[0][j]);
      }
    };
    if (lo > hi) {
      for (std::int64_t ow = 0; ow < Wo; ++ow) edge(ow);
      continue;
    }
    for (std::int64_t ow = 0; ow < lo; ++ow) edge(ow);
    std::int64_t ow = lo;
    for (; ow + 1 <= hi; ow += 2) {
      const B d0 = load(dy_row + ow * C), d1 = load(dy_row + (ow + 1) * C);
      const T* x0 = x_row + (ow * sw + first) * C;
      const T* x1 = x0 + sw * C;
#pragma GCC unroll 8
      for (int j = 0; j < KW; ++j) {
        acc[0][j] = xsimd::fma(load(x0 + j * dw * C), d0, acc[0][j]);
        acc[1][j] = xsimd::fma(load(x1 + j * dw * C), d1, acc[1][j]);
      }
    }
    if (ow <= hi) {
      const B d0 = load(dy_row + ow * C);
      const T* x0 = x_row + (ow * sw + first) * C;
      for (int j = 0; j < KW; ++j) acc[0][j] = xsimd::fma(load(x0 + j * dw * C), d0, acc[0][j]);
    }
    for (ow = hi + 1; ow < Wo; ++ow) edge(ow);
  }
  for (int j = 0; j < KW; ++j) {
    T* out = partial + (i * p.w.kw + j0 + j) * C + ch;
    const B sum = acc[0][j] + acc[1][j];
    if (Tail)
      simd::store_tail<A>(out, sum, lanes);
    else
      sum.store_unaligned(out);
  }
}

// kw taps of kernel row i, in register groups of at most 5 (kw = 3, 5 and 7 are the layers'
// kernels: 3, 5, 5+2).
template <class A, class T, bool Tail>
void depthwise_bwd_weights_row(const Conv2dProblem& p, const T* x, const T* dy, T* partial, std::int64_t r0,
                               std::int64_t r1, std::int64_t ch, int lanes, std::int64_t i) {
  for (std::int64_t j0 = 0; j0 < p.w.kw;) {
    const std::int64_t left = p.w.kw - j0;
    switch (left >= 5 ? 5 : left) {
      case 5: depthwise_bwd_weights_taps<A, T, 5, Tail>(p, x, dy, partial, r0, r1, ch, lanes, i, j0), j0 += 5; break;
      case 4: depthwise_bwd_weights_taps<A, T, 4, Tail>(p, x, dy, partial, r0, r1, ch, lanes, i, j0), j0 += 4; break;
      case 3: depthwise_bwd_weights_taps<A, T, 3, Tail>(p, x, dy, partial, r0, r1, ch, lanes, i, j0), j0 += 3; break;
      case 2: depthwise_bwd_weights_taps<A, T, 2, Tail>(p, x, dy, partial, r0, r1, ch, lanes, i, j0), j0 += 2; break;
      default: depthwise_bwd_weights_taps<A, T, 1, Tail>(p, x, dy, partial, r0, r1, ch, lanes, i, j0), j0 += 1; break;
    }
  }
}

// Items [begin, end): item = chunk * vectors + v. `partials` holds one kh*kw*c block per chunk.
template <class A, class T>
void depthwise_bwd_weights_items(const Conv2dProblem& p, const T* x, const T* dy, T* partials, std::int64_t begin,
                                 std::int64_t end) {
  constexpr std::int64_t L = xsimd::batch<T, A>::size;
  const std::int64_t C = p.x.c, vectors = (C + L - 1) / L, taps = p.w.kh * p.w.kw;
  const DepthwiseWeightsChunks chunks = depthwise_weights_chunks(p);
  for (std::int64_t item = begin; item < end; ++item) {
    const std::int64_t chunk = item / vectors, ch = item % vectors * L;
    const std::int64_t r0 = chunk * chunks.rows_per_chunk, r1 = std::min(chunks.rows, r0 + chunks.rows_per_chunk);
    const int lanes = static_cast<int>(std::min(L, C - ch));
    T* partial = partials + chunk * taps * C;
    for (std::int64_t i = 0; i < p.w.kh; ++i) {
      if (lanes == L)
        depthwise_bwd_weights_row<A, T, false>(p, x, dy, partial, r0, r1, ch, lanes, i);
      else
        depthwise_bwd_weights_row<A, T, true>(p, x, dy, partial, r0, r1, ch, lanes, i);
    }
  }
}

}  // namespace cnnkit::ops::kernels

// Depthwise backward weights, one tier: work items [begin, end) of (row chunk, channel group)
// (see depthwise_plan.hpp), each writing its chunk's partial dW for its channels:
//   partial[(i*kw + j)*c + ch] = sum over the chunk's rows (n, oh) and ow of x(n, ih, iw, ch) * dy(n, oh, ow, ch)
// Rows stream past once: per row and kernel row i, each block of NV channel vectors loads its
// kw partial sums (in L1), adds the row's products in ow order, and stores them back; channel
// blocks are innermost, so the row's pixels are read as neighbouring cache lines. The summation
// order depends on the shape only.
#pragma once

#include <algorithm>
#include <cstdint>
#include <xsimd/xsimd.hpp>

#include "ops/conv2d/conv2d_problem.hpp"
#include "ops/conv2d/depthwise/depthwise_plan.hpp"
#include "ops/nhwc_index.hpp"
#include "simd/tail.hpp"

namespace cnnkit::ops::kernels {

// Adds one row's products for taps [j0, j0 + KW) of kernel row i and NV channel vectors into
// `part` (tap (i, j0), the block's first channel; tap j is j*c further). x_row and dy_row point at
// the block's first channel of pixel 0.
template <class A, class T, int KW, int NV, bool Tail>
void depthwise_bwd_weights_block(const Conv2dProblem& p, const T* x_row, const T* dy_row, T* part, std::int64_t j0,
                                 int lanes) {
  using B = xsimd::batch<T, A>;
  constexpr int L = static_cast<int>(B::size);
  static_assert(NV == 1 || !Tail, "only a single vector has a tail");
  const Conv2dParams& q = p.params;
  const std::int64_t C = p.x.c, W = p.x.w, Wo = p.y.w, sw = q.stride_w, dw = q.dilation_w;
  auto load = [lanes](const T* a) { return Tail ? simd::load_tail<A>(a, lanes) : B::load_unaligned(a); };
  // Output columns where all KW taps read inside the row: [lo, hi]; `first` = tap j0's column at ow = 0.
  const std::int64_t first = j0 * dw - q.pad.left, last = first + (KW - 1) * dw;
  const std::int64_t lo = std::min(Wo, first >= 0 ? 0 : (-first + sw - 1) / sw);
  const std::int64_t hi = W - 1 - last < 0 ? -1 : std::min(Wo - 1, (W - 1 - last) / sw);
  B acc[KW][NV];
#pragma GCC unroll 8
  for (int j = 0; j < KW; ++j)
#pragma GCC unroll 4
    for (int v = 0; v < NV; ++v) acc[j][v] = load(part + j * C + v * L);
  auto pixel = [&](std::int64_t ow, bool checked) {
    B d[NV];
#pragma GCC unroll 4
    for (int v = 0; v < NV; ++v) d[v] = load(dy_row + ow * C + v * L);
#pragma GCC unroll 8
    for (int j = 0; j < KW; ++j) {
      const std::int64_t iw = ow * sw + first + j * dw;
      if (checked && (iw < 0 || iw >= W)) continue;
#pragma GCC unroll 4
      for (int v = 0; v < NV; ++v) acc[j][v] = xsimd::fma(load(x_row + iw * C + v * L), d[v], acc[j][v]);
    }
  };
  if (lo > hi) {
    for (std::int64_t ow = 0; ow < Wo; ++ow) pixel(ow, true);
  } else {
    for (std::int64_t ow = 0; ow < lo; ++ow) pixel(ow, true);
    for (std::int64_t ow = lo; ow <= hi; ++ow) pixel(ow, false);
    for (std::int64_t ow = hi + 1; ow < Wo; ++ow) pixel(ow, true);
  }
#pragma GCC unroll 8
  for (int j = 0; j < KW; ++j)
#pragma GCC unroll 4
    for (int v = 0; v < NV; ++v) {
      if (Tail)
        simd::store_tail<A>(part + j * C + v * L, acc[j][v], lanes);
      else
        acc[j][v].store_unaligned(part + j * C + v * L);
    }
}

// Kernel row i's kw taps in register groups of at most 5 (kw = 3, 5 and 7 are the layers'
// kernels: 3, 5, 5 + 2).
template <class A, class T, int NV, bool Tail>
void depthwise_bwd_weights_taps(const Conv2dProblem& p, const T* x_row, const T* dy_row, T* part, int lanes) {
  const std::int64_t C = p.x.c;
  for (std::int64_t j0 = 0; j0 < p.w.kw;) {
    const std::int64_t left = p.w.kw - j0;
    T* at = part + j0 * C;
    switch (left >= 5 ? 5 : left) {
      case 5: depthwise_bwd_weights_block<A, T, 5, NV, Tail>(p, x_row, dy_row, at, j0, lanes), j0 += 5; break;
      case 4: depthwise_bwd_weights_block<A, T, 4, NV, Tail>(p, x_row, dy_row, at, j0, lanes), j0 += 4; break;
      case 3: depthwise_bwd_weights_block<A, T, 3, NV, Tail>(p, x_row, dy_row, at, j0, lanes), j0 += 3; break;
      case 2: depthwise_bwd_weights_block<A, T, 2, NV, Tail>(p, x_row, dy_row, at, j0, lanes), j0 += 2; break;
      default: depthwise_bwd_weights_block<A, T, 1, NV, Tail>(p, x_row, dy_row, at, j0, lanes), j0 += 1; break;
    }
  }
}

// Items [begin, end): item = chunk * groups + g. `partials` holds one kh*kw*c block per chunk.
template <class A, class T, int NV>
void depthwise_bwd_weights_items(const Conv2dProblem& p, const T* x, const T* dy, T* partials, std::int64_t begin,
                                 std::int64_t end) {
  constexpr std::int64_t L = xsimd::batch<T, A>::size;
  const Conv2dParams& q = p.params;
  const std::int64_t C = p.x.c, kh = p.w.kh, taps = kh * p.w.kw;
  const DepthwiseWeightsChunks chunks = depthwise_weights_chunks(p);
  const std::int64_t group = depthwise_weights_group_channels(p, L, sizeof(T));
  const std::int64_t groups = (C + group - 1) / group;
  for (std::int64_t item = begin; item < end; ++item) {
    const std::int64_t chunk = item / groups, c0 = item % groups * group, c1 = std::min(C, c0 + group);
    const std::int64_t r0 = chunk * chunks.rows_per_chunk, r1 = std::min(chunks.rows, r0 + chunks.rows_per_chunk);
    T* partial = partials + chunk * taps * C;
    for (std::int64_t t = 0; t < taps; ++t) std::fill(partial + t * C + c0, partial + t * C + c1, T(0));
    const std::int64_t blocked = c0 + (c1 - c0) / (NV * L) * (NV * L), whole = c0 + (c1 - c0) / L * L;
    for (std::int64_t row = r0; row < r1; ++row) {
      const std::int64_t n = row / p.y.h, oh = row % p.y.h;
      const T* dy_row = dy + offset(p.y, n, oh, 0, 0);
      for (std::int64_t i = 0; i < kh; ++i) {
        const std::int64_t ih = oh * q.stride_h - q.pad.top + i * q.dilation_h;
        if (ih < 0 || ih >= p.x.h) continue;
        const T* x_row = x + offset(p.x, n, ih, 0, 0);
        T* part = partial + i * p.w.kw * C;
        for (std::int64_t c = c0; c < blocked; c += NV * L)
          depthwise_bwd_weights_taps<A, T, NV, false>(p, x_row + c, dy_row + c, part + c, static_cast<int>(L));
        for (std::int64_t c = blocked; c < whole; c += L)
          depthwise_bwd_weights_taps<A, T, 1, false>(p, x_row + c, dy_row + c, part + c, static_cast<int>(L));
        if (whole < c1)
          depthwise_bwd_weights_taps<A, T, 1, true>(p, x_row + whole, dy_row + whole, part + whole,
                                                    static_cast<int>(c1 - whole));
      }
    }
  }
}

}  // namespace cnnkit::ops::kernels

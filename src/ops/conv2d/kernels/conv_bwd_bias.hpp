// Bias gradient kernels (column sums of dy seen as (pixels, c)), one tier.
//   simd:    one pass over the pixels per group of four channel vectors, one accumulator each.
//   blocked: fixed chunks of pixels (ConvBwdBiasPlan), each summed with four independent
//            accumulators per channel vector (pixel p goes to accumulator p % 4, combined as
//            (a0 + a1) + (a2 + a3)) into a row of partials; the partials are then added in chunk
//            order. The chunking depends only on the shape, so any split of the chunks across
//            threads gives the same bits.
#pragma once

#include <algorithm>
#include <cstdint>
#include <xsimd/xsimd.hpp>

#include "ops/conv2d/conv2d_bwd_bias_plan.hpp"
#include "simd/tail.hpp"

namespace cnnkit::ops::kernels {

template <class A, class T>
void conv_bwd_bias_simd(const Conv2dBiasProblem& p, const T* dy, T* db) {
  using B = xsimd::batch<T, A>;
  constexpr int L = static_cast<int>(B::size);
  constexpr int kVectors = 4;
  const std::int64_t c = p.dy.c, pixels = p.dy.n * p.dy.h * p.dy.w;
  for (std::int64_t c0 = 0; c0 < c; c0 += kVectors * L) {
    int lanes[kVectors];
    for (int v = 0; v < kVectors; ++v) lanes[v] = static_cast<int>(std::clamp<std::int64_t>(c - c0 - v * L, 0, L));
    B acc[kVectors];
    for (int v = 0; v < kVectors; ++v) acc[v] = B(T(0));
    const T* row = dy + c0;
    for (std::int64_t q = 0; q < pixels; ++q, row += c)
      for (int v = 0; v < kVectors; ++v)
        if (lanes[v] > 0) acc[v] += simd::load_tail<A>(row + v * L, lanes[v]);
    for (int v = 0; v < kVectors; ++v) simd::store_tail<A>(db + c0 + v * L, acc[v], lanes[v]);
  }
}

// Partials of chunks [begin, end): partials row k (plan.row_stride wide) = sums of chunk k.
template <class A, class T>
void conv_bwd_bias_chunks(const ConvBwdBiasPlan& plan, const T* dy, T* partials, std::int64_t begin,
                          std::int64_t end) {
  using B = xsimd::batch<T, A>;
  constexpr int L = static_cast<int>(B::size);
  constexpr int kVectors = 4, kPhases = 4;
  const std::int64_t c = plan.channels;
  for (std::int64_t k = begin; k < end; ++k) {
    const std::int64_t p0 = k * plan.chunk_pixels, count = std::min(plan.chunk_pixels, plan.pixels - p0);
    for (std::int64_t c0 = 0; c0 < c; c0 += kVectors * L) {
      int lanes[kVectors];
      for (int v = 0; v < kVectors; ++v) lanes[v] = static_cast<int>(std::clamp<std::int64_t>(c - c0 - v * L, 0, L));
      const bool full = lanes[kVectors - 1] == L;
      B acc[kPhases][kVectors];
      for (int ph = 0; ph < kPhases; ++ph)
        for (int v = 0; v < kVectors; ++v) acc[ph][v] = B(T(0));
      const T* row = dy + p0 * c + c0;
      std::int64_t q = 0;
      if (full) {
        for (; q + kPhases <= count; q += kPhases, row += kPhases * c)
#pragma GCC unroll 4
          for (int ph = 0; ph < kPhases; ++ph)
#pragma GCC unroll 4
            for (int v = 0; v < kVectors; ++v) acc[ph][v] += B::load_unaligned(row + ph * c + v * L);
      }
      for (; q < count; ++q, row += c)
        for (int v = 0; v < kVectors; ++v)
          if (lanes[v] > 0) acc[q % kPhases][v] += simd::load_tail<A>(row + v * L, lanes[v]);
      T* out = partials + k * plan.row_stride + c0;
      for (int v = 0; v < kVectors; ++v)
        if (lanes[v] > 0) ((acc[0][v] + acc[1][v]) + (acc[2][v] + acc[3][v])).store_aligned(out + v * L);
    }
  }
}

// db = the partial rows added in chunk order.
template <class A, class T>
void conv_bwd_bias_combine(const ConvBwdBiasPlan& plan, const T* partials, T* db) {
  using B = xsimd::batch<T, A>;
  constexpr int L = static_cast<int>(B::size);
  for (std::int64_t c0 = 0; c0 < plan.channels; c0 += L) {
    B sum = B::load_aligned(partials + c0);
    for (std::int64_t k = 1; k < plan.chunks; ++k) sum += B::load_aligned(partials + k * plan.row_stride + c0);
    simd::store_tail<A>(db + c0, sum, static_cast<int>(std::min<std::int64_t>(L, plan.channels - c0)));
  }
}

}  // namespace cnnkit::ops::kernels

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

// accumulate: the running sums start from db instead of 0 (a resumed pass over a later piece of
// dy, conv2d_bwd_bias_fused.hpp: bitwise one pass).
template <class A, class T>
void conv_bwd_bias_simd(const Conv2dBiasProblem& p, const T* dy, T* db, bool accumulate) {
  using B = xsimd::batch<T, A>;
  constexpr int L = static_cast<int>(B::size);
  constexpr int kVectors = 4;
  const std::int64_t c = p.dy.c, pixels = p.dy.n * p.dy.h * p.dy.w;
  for (std::int64_t c0 = 0; c0 < c; c0 += kVectors * L) {
    int lanes[kVectors];
    for (int v = 0; v < kVectors; ++v) lanes[v] = static_cast<int>(std::clamp<std::int64_t>(c - c0 - v * L, 0, L));
    B acc[kVectors];
    for (int v = 0; v < kVectors; ++v) acc[v] = accumulate ? simd::load_tail<A>(db + c0 + v * L, lanes[v]) : B(T(0));
    const T* row = dy + c0;
    for (std::int64_t q = 0; q < pixels; ++q, row += c)
      for (int v = 0; v < kVectors; ++v)
        if (lanes[v] > 0) acc[v] += simd::load_tail<A>(row + v * L, lanes[v]);
    for (int v = 0; v < kVectors; ++v) simd::store_tail<A>(db + c0 + v * L, acc[v], lanes[v]);
  }
}

// Few channels that do not fill whole vectors (lcm(c, L) <= 4 vectors, e.g. c = 3 or 8): a chunk is summed as a flat array in
// periods of lcm(c, L) elements, so every lane is used; lane e of a period holds channel e % c.
// Four independent sets of period accumulators (period k goes to set k % 4), then the lanes are
// folded into channels in element order. Chunks start on a period boundary (chunk_pixels is a
// multiple of 64, a multiple of L).
template <class A, class T, int vectors>
void conv_bwd_bias_flat_chunk(const ConvBwdBiasPlan& plan, const T* dy, T* row, std::int64_t p0, std::int64_t count) {
  using B = xsimd::batch<T, A>;
  constexpr int L = static_cast<int>(B::size);
  constexpr int kSets = 4, period = vectors * L;
  const std::int64_t c = plan.channels;
  B acc[kSets][vectors];
  for (int s = 0; s < kSets; ++s)
    for (int v = 0; v < vectors; ++v) acc[s][v] = B(T(0));
  const T* e = dy + p0 * c;
  const std::int64_t elements = count * c, periods = elements / period;
  std::int64_t k = 0;
  for (; k + kSets <= periods; k += kSets, e += kSets * period)
#pragma GCC unroll 4
    for (int s = 0; s < kSets; ++s)
#pragma GCC unroll 4
      for (int v = 0; v < vectors; ++v) acc[s][v] += B::load_unaligned(e + s * period + v * L);
  for (; k < periods; ++k, e += period)
    for (int v = 0; v < vectors; ++v) acc[k % kSets][v] += B::load_unaligned(e + v * L);
  const std::int64_t rest = elements - periods * period;  // < period: a part of the last period
  for (int v = 0; v * L < rest; ++v)
    acc[k % kSets][v] += simd::load_tail<A>(e + v * L, static_cast<int>(std::min<std::int64_t>(L, rest - v * L)));
  alignas(64) T lanes[period];
  for (int v = 0; v < vectors; ++v) ((acc[0][v] + acc[1][v]) + (acc[2][v] + acc[3][v])).store_aligned(lanes + v * L);
  for (std::int64_t i = 0; i < c; ++i) row[i] = T(0);
  for (int i = 0; i < period; ++i) row[i % c] += lanes[i];
}

// Partials of chunks [begin, end): partials row k (plan.row_stride wide) = sums of chunk k.
template <class A, class T>
void conv_bwd_bias_chunks(const ConvBwdBiasPlan& plan, const T* dy, T* partials, std::int64_t begin,
                          std::int64_t end) {
  using B = xsimd::batch<T, A>;
  constexpr int L = static_cast<int>(B::size);
  constexpr int kVectors = 4, kPhases = 4;
  const std::int64_t c = plan.channels;
  std::int64_t gcd = L;  // gcd(c, L); a loop, not std::gcd: tier code calls no shared inline helpers
  while (c % gcd != 0 || L % gcd != 0) --gcd;
  const std::int64_t period_vectors = c / gcd;  // lcm(c, L) / L
  if (period_vectors <= kVectors && c % L != 0) {  // whole vectors need no fold: the path below
    for (std::int64_t k = begin; k < end; ++k) {
      const std::int64_t p0 = k * plan.chunk_pixels, count = std::min(plan.chunk_pixels, plan.pixels - p0);
      T* row = partials + k * plan.row_stride;
      switch (period_vectors) {
        case 1: conv_bwd_bias_flat_chunk<A, T, 1>(plan, dy, row, p0, count); break;
        case 2: conv_bwd_bias_flat_chunk<A, T, 2>(plan, dy, row, p0, count); break;
        case 3: conv_bwd_bias_flat_chunk<A, T, 3>(plan, dy, row, p0, count); break;
        default: conv_bwd_bias_flat_chunk<A, T, 4>(plan, dy, row, p0, count); break;
      }
    }
    return;
  }
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

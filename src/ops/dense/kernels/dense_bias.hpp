// The bias gradient db[j] = sum_i dy[i, j]: rows cut into fixed chunks (DenseBiasPlan), one
// partial row per chunk summed down its rows in order, vectorised over columns; the partials are
// then added in chunk order. The chunking depends only on the shape, so any split of the chunks
// over threads gives the same bits.
#pragma once

#include <algorithm>
#include <cstdint>
#include <xsimd/xsimd.hpp>

#include "ops/dense/dense_bias_plan.hpp"
#include "simd/tail.hpp"

namespace cnnkit::ops::kernels {

// Column sums of rows [r0, r1) of dy into out[0, n).
template <class Arch, class T>
void dense_column_sums(const T* dy, std::int64_t n, std::int64_t r0, std::int64_t r1, T* out) {
  using B = xsimd::batch<T, Arch>;
  constexpr std::int64_t L = B::size;
  constexpr std::int64_t V = 4;  // vectors per pass: independent sums, one row segment per load run
  std::int64_t j = 0;
  for (; j + V * L <= n; j += V * L) {
    B acc[V];
    for (std::int64_t v = 0; v < V; ++v) acc[v] = B(T(0));
    for (std::int64_t r = r0; r < r1; ++r)
#pragma GCC unroll 4
      for (std::int64_t v = 0; v < V; ++v) acc[v] += B::load_unaligned(dy + r * n + j + v * L);
    for (std::int64_t v = 0; v < V; ++v) acc[v].store_unaligned(out + j + v * L);
  }
  for (; j < n; j += L) {
    const int lanes = static_cast<int>(std::min(L, n - j));
    B acc(T(0));
    for (std::int64_t r = r0; r < r1; ++r) acc += simd::load_tail<Arch>(dy + r * n + j, lanes);
    simd::store_tail<Arch>(out + j, acc, lanes);
  }
}

// Chunks [begin, end): the only chunk's sums go straight to db; otherwise to partial rows.
template <class Arch, class T>
void dense_bias_chunks(const DenseBiasPlan& plan, const T* dy, T* db, T* partials, std::int64_t begin,
                       std::int64_t end) {
  for (std::int64_t c = begin; c < end; ++c) {
    const std::int64_t r0 = c * plan.chunk_rows, r1 = std::min(plan.m, r0 + plan.chunk_rows);
    dense_column_sums<Arch>(dy, plan.n, r0, r1, plan.chunks == 1 ? db : partials + c * plan.n);
  }
}

// db = partials[0] + partials[1] + ... in chunk order (nothing to do for one chunk).
template <class Arch, class T>
void dense_bias_combine(const DenseBiasPlan& plan, const T* partials, T* db) {
  using B = xsimd::batch<T, Arch>;
  constexpr std::int64_t L = B::size;
  if (plan.chunks == 1) return;
  for (std::int64_t j = 0; j < plan.n; j += L) {
    const int lanes = static_cast<int>(std::min(L, plan.n - j));
    B acc = simd::load_tail<Arch>(partials + j, lanes);
    for (std::int64_t c = 1; c < plan.chunks; ++c) acc += simd::load_tail<Arch>(partials + c * plan.n + j, lanes);
    simd::store_tail<Arch>(db + j, acc, lanes);
  }
}

}  // namespace cnnkit::ops::kernels

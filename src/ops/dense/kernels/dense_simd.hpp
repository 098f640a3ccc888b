// The simd rung: register tiles of C computed straight from the operands in place, no packing
// (so nothing is paid per call but the products: the choice for small m). Tiles [begin, end) of a
// DenseSimdPlan, each over the whole k.
//   B row-major (forward, backward weights): the broadcast microkernel of dense_tile.hpp, A read
//     row-major (x) or column-major (x^T), B rows loaded in place, masked on the column tail.
//     Row-major A takes fewer rows per tile: each row's offset needs a general register (the
//     column-major rows are constant offsets), and 14 of them spill.
//   B transposed (backward data, B = W^T): dx[i, j] is the dot product of dy row i and W row j,
//     both contiguous in k, so the tile is dot_rows x dot_cols dot products vectorised along k,
//     each lane summing its own stride of k, the lanes added at the end.
#pragma once

#include <algorithm>
#include <cstdint>
#include <xsimd/xsimd.hpp>

#include "ops/dense/dense_gemm.hpp"
#include "ops/dense/kernels/dense_tile.hpp"
#include "simd/tail.hpp"

namespace cnnkit::ops::kernels {

template <class Arch, class T, int MR, int NV, DenseA AF, DenseB BF>
void broadcast_tile(int rows, const DenseGemm<T>& g, std::int64_t i, std::int64_t j, const DenseTileOut<T>& o) {
  const T* a = AF == DenseA::col_major ? g.a + i : g.a + i * g.lda;
  run_dense_tile<Arch, T, MR, NV, AF, BF>(rows, g.k, a, g.lda, g.b + j, g.ldb, o);
}

// With a short sum (backward weights of a small batch: dW = x^T dy, k = m) a tile is mostly its
// stores, and C is far bigger than L2: fetching the next tile's lines for writing while this one
// computes hides their read for ownership.
inline constexpr std::int64_t kPrefetchMaxDepth = 64;

template <class Arch, class T, int MR, int NB>  // Arch: one copy per tier (see tests/isa_hygiene)
void prefetch_c_tile(const DenseGemm<T>& g, std::int64_t t, std::int64_t col_tiles) {
  const std::int64_t i = t / col_tiles * MR, j = t % col_tiles * NB;
  const std::int64_t rows = std::min<std::int64_t>(MR, g.m - i), cols = std::min<std::int64_t>(NB, g.n - j);
  for (std::int64_t r = 0; r < rows; ++r) {
    const char* row = reinterpret_cast<const char*>(g.c + (i + r) * g.ldc + j);
    const std::int64_t last = cols * static_cast<std::int64_t>(sizeof(T)) - 1;
    for (std::int64_t byte = 0; byte < last; byte += 64) __builtin_prefetch(row + byte, 1, 3);
    __builtin_prefetch(row + last, 1, 3);
  }
}

// AF: col_major when A is x^T (g.a_trans), else row_major; MR: the tier's rows for that form.
template <class Arch, class T, int MR, int NV, DenseA AF>
void dense_broadcast_tiles(const DenseSimdPlan& s, const DenseGemm<T>& g, std::int64_t begin, std::int64_t end) {
  constexpr int L = static_cast<int>(xsimd::batch<T, Arch>::size);
  constexpr int NB = NV * L;
  for (std::int64_t t = begin; t < end; ++t) {
    const std::int64_t i = t / s.col_tiles * MR, j = t % s.col_tiles * NB;
    const int rows = static_cast<int>(std::min<std::int64_t>(MR, g.m - i));
    DenseTileOut<T> o{g.c + i * g.ldc + j, g.ldc, static_cast<int>(std::min<std::int64_t>(NB, g.n - j)), false,
                      g.bias ? g.bias + j : nullptr};
    if (g.k <= kPrefetchMaxDepth && t + 1 < end) prefetch_c_tile<Arch, T, MR, NB>(g, t + 1, s.col_tiles);
    if (o.cols == NB)
      broadcast_tile<Arch, T, MR, NV, AF, DenseB::in_place>(rows, g, i, j, o);
    else if (o.cols > L)
      broadcast_tile<Arch, T, MR, NV, AF, DenseB::in_place_tail>(rows, g, i, j, o);
    else  // the last few columns: one vector, half the work of a two-vector tile
      broadcast_tile<Arch, T, MR, 1, AF, DenseB::in_place_tail>(rows, g, i, j, o);
  }
}

// Sum of the lanes as a pairwise tree (fixed order). Not xsimd::hadd: its AVX-512 double path
// trips GCC 12's -Wmaybe-uninitialized inside the intrinsics headers.
template <class Arch, class T>
T lane_tree_sum(const xsimd::batch<T, Arch>& v) {
  constexpr std::size_t L = xsimd::batch<T, Arch>::size;
  alignas(64) T lanes[L];
  v.store_aligned(lanes);
  for (std::size_t width = L / 2; width >= 1; width /= 2)
    for (std::size_t l = 0; l < width; ++l) lanes[l] += lanes[l + width];
  return lanes[0];
}

// R x C dot products of rows a_rows[r] and b_rows[c] (length k); rows past the tile's edge point
// at a valid row and their results are dropped.
template <class Arch, class T, int R, int C>
void dense_dot_tile(std::int64_t k, const T* const (&a_rows)[R], const T* const (&b_rows)[C], int rows, int cols,
                    T* c, std::int64_t ldc, const T* bias) {
  using B = xsimd::batch<T, Arch>;
  constexpr std::int64_t L = B::size;
  B acc[R][C];
  for (int r = 0; r < R; ++r)
    for (int q = 0; q < C; ++q) acc[r][q] = B(T(0));
  std::int64_t p = 0;
  for (; p + L <= k; p += L) {
    B av[R];
#pragma GCC unroll 8
    for (int r = 0; r < R; ++r) av[r] = B::load_unaligned(a_rows[r] + p);
#pragma GCC unroll 8
    for (int q = 0; q < C; ++q) {
      const B bv = B::load_unaligned(b_rows[q] + p);
#pragma GCC unroll 8
      for (int r = 0; r < R; ++r) acc[r][q] = xsimd::fma(av[r], bv, acc[r][q]);
    }
  }
  if (p < k) {
    const int n = static_cast<int>(k - p);
    B av[R];
    for (int r = 0; r < R; ++r) av[r] = simd::load_tail<Arch>(a_rows[r] + p, n);
    for (int q = 0; q < C; ++q) {
      const B bv = simd::load_tail<Arch>(b_rows[q] + p, n);
      for (int r = 0; r < R; ++r) acc[r][q] = xsimd::fma(av[r], bv, acc[r][q]);
    }
  }
  for (int r = 0; r < rows; ++r)
    for (int q = 0; q < cols; ++q) {
      const T z = lane_tree_sum(acc[r][q]);
      c[r * ldc + q] = bias ? z + bias[q] : z;
    }
}

template <class Arch, class T, int R, int C>
void dense_dot_tiles(const DenseSimdPlan& s, const DenseGemm<T>& g, std::int64_t begin, std::int64_t end) {
  for (std::int64_t t = begin; t < end; ++t) {
    const std::int64_t i = t / s.col_tiles * R, j = t % s.col_tiles * C;
    const int rows = static_cast<int>(std::min<std::int64_t>(R, g.m - i));
    const int cols = static_cast<int>(std::min<std::int64_t>(C, g.n - j));
    const T* a_rows[R];
    const T* b_rows[C];
    // A(i, p) = a[i * lda + p] (row-major A); B(p, j) = b[j * ldb + p] (B transposed).
    for (int r = 0; r < R; ++r) a_rows[r] = g.a + (i + (r < rows ? r : 0)) * g.lda;
    for (int q = 0; q < C; ++q) b_rows[q] = g.b + (j + (q < cols ? q : 0)) * g.ldb;
    dense_dot_tile<Arch, T, R, C>(g.k, a_rows, b_rows, rows, cols, g.c + i * g.ldc + j, g.ldc,
                                  g.bias ? g.bias + j : nullptr);
  }
}

}  // namespace cnnkit::ops::kernels

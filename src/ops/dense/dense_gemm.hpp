// The one GEMM behind all three dense products, C (m x n) = A (m x k) * B (k x n) [+ bias row],
// with either operand possibly transposed in memory, and how the blocked rung cuts it.
//
//   forward          y  = x   W     A = x (row-major)          B = W (row-major)
//   backward data    dx = dy  W^T   A = dy (row-major)         B = W read transposed
//   backward weights dW = x^T dy    A = x read transposed      B = dy (row-major)
//
// The transposes are never materialised: the packing routines read either layout (see
// kernels/dense_pack.hpp). ISA-neutral: the tier supplies only its register blocking.
#pragma once

#include <algorithm>
#include <cstdint>

#include "ops/dense/dense_problem.hpp"

namespace cnnkit::ops {

template <class T>
struct DenseGemm {
  std::int64_t m = 0, n = 0, k = 0;
  const T* a = nullptr;  // A(i, p) = a_trans ? a[p * lda + i] : a[i * lda + p]
  std::int64_t lda = 0;
  bool a_trans = false;
  const T* b = nullptr;  // B(p, j) = b_trans ? b[j * ldb + p] : b[p * ldb + j]
  std::int64_t ldb = 0;
  bool b_trans = false;
  const T* bias = nullptr;  // added to every row of C after its sum; may be null
  T* c = nullptr;           // row-major, ldc
  std::int64_t ldc = 0;
};

template <class T>
DenseGemm<T> dense_fwd_gemm(const DenseProblem& p, const T* x, const T* w, const T* b, T* y) {
  return {p.m, p.n_out, p.n_in, x, p.n_in, false, w, p.n_out, false, b, y, p.n_out};
}
template <class T>
DenseGemm<T> dense_bwd_data_gemm(const DenseProblem& p, const T* dy, const T* w, T* dx) {
  return {p.m, p.n_in, p.n_out, dy, p.n_out, false, w, p.n_out, true, nullptr, dx, p.n_in};
}
template <class T>
DenseGemm<T> dense_bwd_weights_gemm(const DenseProblem& p, const T* x, const T* dy, T* dw) {
  return {p.n_in, p.n_out, p.m, x, p.n_in, true, dy, p.n_out, false, nullptr, dw, p.n_out};
}

// A tier's register blocking for one dtype. Broadcast form (blocked rung, and the simd rung when B
// is row-major): mr rows x nv vectors of lanes columns. Dot form (simd rung when B is transposed,
// i.e. backward data): dot_rows x dot_cols dot products vectorised along k.
struct DenseRegisterBlocking {
  int lanes, mr, nv;
  int dot_rows, dot_cols;
  int nb() const { return nv * lanes; }
};

// Cache blocking of the blocked rung. Packed B: panels of nb columns, each [k][nb] over the whole
// k (zero-padded past n), packed once per call. Work: tiles = (block of mc rows) x (block of nc
// columns), each computing its C block alone, K block by K block (kc), with its A block packed
// into per-thread scratch as micro-panels [k][mr]. Nothing here depends on the thread count, so
// every C element sees the same operations in the same order however the tiles are split.
struct DenseGemmPlan {
  std::int64_t m, n, k;
  int mr, nb;
  std::int64_t kc, mc, nc;
  std::int64_t m_blocks, n_blocks, panels;

  std::int64_t tiles() const { return m_blocks * n_blocks; }
  std::int64_t packed_b_count() const { return panels * k * nb; }
  std::int64_t packed_a_count() const { return mc * kc; }
};

// The B micro-panel (kc x nb) should stay in L1 while every A micro-panel of the block passes;
// the A block (mc x kc) in L2; a tile's columns are limited so a problem has several tiles.
inline constexpr std::int64_t kDensePanelBytes = 32 * 1024;
inline constexpr std::int64_t kDenseABlockBytes = 384 * 1024;
inline constexpr std::int64_t kDenseTileColumns = 512;
inline constexpr std::int64_t kDenseTileRows = 384;

// `count` units cut into blocks of at most `most`, as even as whole units allow: units per block.
constexpr std::int64_t even_block(std::int64_t count, std::int64_t most) {
  if (count <= 0) return 1;
  const std::int64_t blocks = (count + most - 1) / most;
  return (count + blocks - 1) / blocks;
}

inline DenseGemmPlan make_dense_gemm_plan(std::int64_t m, std::int64_t n, std::int64_t k,
                                          const DenseRegisterBlocking& rb, std::int64_t element_size) {
  DenseGemmPlan plan{};
  plan.m = m, plan.n = n, plan.k = k;
  plan.mr = rb.mr, plan.nb = rb.nb();
  plan.kc = even_block(k, std::max<std::int64_t>(16, kDensePanelBytes / (plan.nb * element_size)));
  const std::int64_t micro_rows = (m + plan.mr - 1) / plan.mr;
  const std::int64_t most_rows = std::clamp<std::int64_t>(kDenseABlockBytes / (plan.kc * element_size * plan.mr), 1,
                                                          kDenseTileRows / plan.mr);
  plan.mc = even_block(micro_rows, most_rows) * plan.mr;
  plan.panels = (n + plan.nb - 1) / plan.nb;
  plan.nc = even_block(plan.panels, std::max<std::int64_t>(1, kDenseTileColumns / plan.nb)) * plan.nb;
  plan.m_blocks = (m + plan.mc - 1) / plan.mc;
  plan.n_blocks = (n + plan.nc - 1) / plan.nc;
  return plan;
}

// The simd rung's tiles: register tiles of C, rows outer (so one thread's range shares A rows).
struct DenseSimdPlan {
  std::int64_t tile_rows, tile_cols, row_tiles, col_tiles;
  std::int64_t tiles() const { return row_tiles * col_tiles; }
};

template <class T>
DenseSimdPlan make_dense_simd_plan(const DenseGemm<T>& g, const DenseRegisterBlocking& rb) {
  DenseSimdPlan s{};
  s.tile_rows = g.b_trans ? rb.dot_rows : rb.mr;
  s.tile_cols = g.b_trans ? rb.dot_cols : rb.nb();
  s.row_tiles = (g.m + s.tile_rows - 1) / s.tile_rows;
  s.col_tiles = (g.n + s.tile_cols - 1) / s.tile_cols;
  return s;
}

}  // namespace cnnkit::ops

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
#include <utility>

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
// is row-major): mr rows x nv vectors of lanes columns (mr_row_major rows in the simd rung when A
// is row-major). Dot form (simd rung when B is transposed,
// i.e. backward data): dot_rows x dot_cols dot products vectorised along k.
struct DenseRegisterBlocking {
  int lanes, mr, nv;
  int mr_row_major;  // the simd rung's rows when A is read row-major in place (x in forward)
  int dot_rows, dot_cols;
  int nb() const { return nv * lanes; }
};

// Cache blocking of the blocked rung. Packed B: panels of nb columns, each [k][nb] over the whole
// k (zero-padded past n), packed once per call. Work: tiles = (block of rows) x (block of panels),
// each computing its C block alone, K block by K block (kc), with its A block packed into
// per-thread scratch as micro-panels [k][mr]. Blocks are cut as evenly as whole micro-panels and
// panels allow (sizes differ by at most one), so tiles handed out in chunks keep threads
// balanced. The tiles are cut finer for many threads (make_dense_gemm_plan), but every C element
// sees the same operations in the same order whatever the tiles and however they are split.
struct DenseGemmPlan {
  std::int64_t m, n, k;
  int mr, nb;
  std::int64_t kc;                   // k per K block (the last may be shorter)
  std::int64_t micro_rows, m_blocks;  // micro-panels of mr rows, and blocks of them
  std::int64_t panels, n_blocks;      // B panels of nb columns, and blocks of them
  std::int64_t mc;                    // rows of the largest row block (scratch size)

  std::int64_t tiles() const { return m_blocks * n_blocks; }
  std::int64_t packed_b_count() const { return panels * k * nb; }
  std::int64_t packed_a_count() const { return mc * kc; }
  // Rows [first, second) of row block b, columns [first, second) of column block b.
  std::pair<std::int64_t, std::int64_t> rows_of(std::int64_t b) const {
    return {b * micro_rows / m_blocks * mr, std::min(m, (b + 1) * micro_rows / m_blocks * mr)};
  }
  std::pair<std::int64_t, std::int64_t> cols_of(std::int64_t b) const {
    return {b * panels / n_blocks * nb, std::min(n, (b + 1) * panels / n_blocks * nb)};
  }
};

// The B micro-panel (kc x nb) stays in L1 while every A micro-panel of the block passes; the A
// block (at most kDenseTileRows x kc) stays in L2. Tiles are kept small enough that mid-sized
// products still have several (so threads have work); repacking A once per column block costs
// one copy per 2 * kDenseTileColumns flops.
inline constexpr std::int64_t kDensePanelBytes = 32 * 1024;
inline constexpr std::int64_t kDenseTileRows = 128;
inline constexpr std::int64_t kDenseTileColumns = 256;

constexpr std::int64_t ceil_div(std::int64_t a, std::int64_t b) { return (a + b - 1) / b; }

// Tiles per thread the blocked rung wants: with t equal tiles per thread or more, the dynamic
// schedule's slowest thread gets at most one tile more than the mean (balance >= 8/9).
inline constexpr std::int64_t kDenseTilesPerThread = 8;

// `threads`: the team the tiles are for. While the cache-sized blocks give fewer than
// kDenseTilesPerThread tiles per thread, the row blocks (then the column blocks) are cut finer,
// down to one micro-panel (panel) each: a 1024^3 product has 36 tiles, too few for 16 threads.
// One and two threads keep the cache-sized tiles unless the product is small. Tile sizes never
// change a C element's sums (each still runs over the same K blocks in order), so every thread
// count gives the same bits.
inline DenseGemmPlan make_dense_gemm_plan(std::int64_t m, std::int64_t n, std::int64_t k,
                                          const DenseRegisterBlocking& rb, std::int64_t element_size, int threads) {
  DenseGemmPlan plan{};
  plan.m = m, plan.n = n, plan.k = k;
  plan.mr = rb.mr, plan.nb = rb.nb();
  const std::int64_t most_k = std::max<std::int64_t>(16, kDensePanelBytes / (plan.nb * element_size));
  plan.kc = k > 0 ? ceil_div(k, ceil_div(k, most_k)) : 1;  // even K blocks
  plan.micro_rows = ceil_div(m, plan.mr);
  plan.m_blocks = std::max<std::int64_t>(1, ceil_div(plan.micro_rows, std::max<std::int64_t>(1, kDenseTileRows / plan.mr)));
  plan.panels = ceil_div(n, plan.nb);
  plan.n_blocks = std::max<std::int64_t>(1, ceil_div(plan.panels, std::max<std::int64_t>(1, kDenseTileColumns / plan.nb)));
  const std::int64_t wanted = threads > 1 ? kDenseTilesPerThread * threads : 1;
  if (plan.tiles() < wanted)
    plan.m_blocks = std::clamp(ceil_div(wanted, plan.n_blocks), plan.m_blocks, std::max<std::int64_t>(1, plan.micro_rows));
  if (plan.tiles() < wanted)
    plan.n_blocks = std::clamp(ceil_div(wanted, plan.m_blocks), plan.n_blocks, std::max<std::int64_t>(1, plan.panels));
  plan.mc = ceil_div(plan.micro_rows, plan.m_blocks) * plan.mr;
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
  s.tile_rows = g.b_trans ? rb.dot_rows : g.a_trans ? rb.mr : rb.mr_row_major;
  s.tile_cols = g.b_trans ? rb.dot_cols : rb.nb();
  s.row_tiles = (g.m + s.tile_rows - 1) / s.tile_rows;
  s.col_tiles = (g.n + s.tile_cols - 1) / s.tile_cols;
  return s;
}

}  // namespace cnnkit::ops

// The blocked rung's work: tiles [begin, end) of a DenseGemmPlan, B already packed. Per tile and
// K block: pack the tile's A block, then for each B micro-panel (kept in L1) run the microkernel
// down every A micro-panel (read from L2). Later K blocks add to what earlier ones stored in C, so
// each C element sums k in ascending order whatever the tiling; the bias is added once, after the
// last K block.
#pragma once

#include <algorithm>
#include <cstdint>

#include "core/workspace.hpp"
#include "ops/dense/dense_gemm.hpp"
#include "ops/dense/kernels/dense_pack.hpp"
#include "ops/dense/kernels/dense_tile.hpp"

namespace cnnkit::ops::kernels {

template <class Arch, class T, int MR, int NV>
void dense_blocked_tiles(const DenseGemmPlan& plan, const DenseGemm<T>& g, const T* packed_b, std::int64_t begin,
                         std::int64_t end) {
  constexpr int L = static_cast<int>(xsimd::batch<T, Arch>::size);
  constexpr int NB = NV * L;
  T* packed_a = core::thread_scratch<T>(core::ScratchSlot::body_packed, static_cast<std::size_t>(plan.packed_a_count()));
  for (std::int64_t tile = begin; tile < end; ++tile) {
    const auto [i0, i1] = plan.rows_of(tile / plan.n_blocks);
    const auto [j0, j1] = plan.cols_of(tile % plan.n_blocks);
    for (std::int64_t p0 = 0; p0 < g.k; p0 += plan.kc) {
      const std::int64_t kc = std::min(plan.kc, g.k - p0);
      const bool last = p0 + kc == g.k;
      dense_pack_a<Arch>(g, MR, i0, i1, p0, kc, packed_a);
      for (std::int64_t j = j0; j < j1; j += NB) {
        const T* b = packed_b + (j / NB * g.k + p0) * NB;
        DenseTileOut<T> o{};
        o.ldc = g.ldc;
        o.cols = static_cast<int>(std::min<std::int64_t>(NB, j1 - j));
        o.accumulate = p0 > 0;
        o.bias = last && g.bias ? g.bias + j : nullptr;
        const T* a = packed_a;
        for (std::int64_t i = i0; i < i1; i += MR, a += MR * kc) {
          o.c = g.c + i * g.ldc + j;
          const int rows = static_cast<int>(std::min<std::int64_t>(MR, i1 - i));
          if (rows == MR && o.cols > L)
            DenseTile<Arch, T, MR, NV, DenseA::col_major, DenseB::packed>::run(kc, a, MR, b, NB, o);
          else if (o.cols > L)
            run_dense_tile<Arch, T, MR - 1, NV, DenseA::col_major, DenseB::packed>(rows, kc, a, MR, b, NB, o);
          else  // the last few columns: one vector, half the work of a zero-padded two-vector tile
            run_dense_tile<Arch, T, MR, 1, DenseA::col_major, DenseB::packed>(rows, kc, a, MR, b, NB, o);
        }
      }
    }
  }
}

}  // namespace cnnkit::ops::kernels

// Packing of the blocked dense GEMM's operands (layouts in dense_gemm.hpp). Both routines read
// either memory layout of their operand, so W^T (backward data) and x^T (backward weights) are
// packed straight from W and x, never transposed as a whole.
#pragma once

#include <algorithm>
#include <cstdint>
#include <xsimd/xsimd.hpp>

#include "ops/dense/dense_gemm.hpp"
#include "simd/tail.hpp"

namespace cnnkit::ops::kernels {

// Transposing copies go through k in chunks this long, so the rows read and the panel written both
// stay in L1 while the chunk is done.
inline constexpr std::int64_t kDensePackChunk = 64;

// B panels [panel_begin, panel_end): panel q holds columns [q*nb, q*nb + nb) as [k][nb], columns
// past n zero.
template <class Arch, class T>
void dense_pack_b(const DenseGemmPlan& plan, const DenseGemm<T>& g, T* packed, std::int64_t panel_begin,
                  std::int64_t panel_end) {
  using Bt = xsimd::batch<T, Arch>;
  constexpr int L = static_cast<int>(Bt::size);
  const std::int64_t nb = plan.nb, k = g.k;
  for (std::int64_t q = panel_begin; q < panel_end; ++q) {
    T* dst = packed + q * k * nb;
    const std::int64_t j0 = q * nb;
    const int cols = static_cast<int>(std::min(nb, g.n - j0));
    if (!g.b_trans) {
      const T* src = g.b + j0;
      for (std::int64_t p = 0; p < k; ++p, src += g.ldb, dst += nb)
        for (int v = 0; v < plan.nb; v += L) simd::load_tail<Arch>(src + v, std::max(0, cols - v)).store_aligned(dst + v);
      continue;
    }
    // B(p, j) = b[j * ldb + p]: column j of the panel is row j of W, contiguous in p.
    for (std::int64_t p0 = 0; p0 < k; p0 += kDensePackChunk) {
      const std::int64_t p1 = std::min(k, p0 + kDensePackChunk);
      T* panel = dst + p0 * nb;
      for (int v = 0; v < cols; ++v) {
        const T* src = g.b + (j0 + v) * g.ldb;
        for (std::int64_t p = p0; p < p1; ++p) panel[(p - p0) * nb + v] = src[p];
      }
      if (cols < nb)
        for (std::int64_t p = p0; p < p1; ++p) std::fill(panel + (p - p0) * nb + cols, panel + (p - p0) * nb + nb, T(0));
    }
  }
}

// A rows [i0, i1) x k range [p0, p0 + kc) as micro-panels of mr rows, each [kc][mr] (rows past
// i1 are not written: the tail's microkernel reads only its rows).
template <class Arch, class T>  // Arch: one copy per tier (see tests/isa_hygiene)
void dense_pack_a(const DenseGemm<T>& g, int mr, std::int64_t i0, std::int64_t i1, std::int64_t p0, std::int64_t kc,
                  T* packed) {
  for (std::int64_t i = i0; i < i1; i += mr, packed += mr * kc) {
    const int rows = static_cast<int>(std::min<std::int64_t>(mr, i1 - i));
    if (g.a_trans) {
      // A(i + r, p) = a[p * lda + i + r]: each p's rows are contiguous.
      const T* src = g.a + p0 * g.lda + i;
      for (std::int64_t p = 0; p < kc; ++p, src += g.lda) std::copy(src, src + rows, packed + p * mr);
      continue;
    }
    for (std::int64_t c0 = 0; c0 < kc; c0 += kDensePackChunk) {
      const std::int64_t c1 = std::min(kc, c0 + kDensePackChunk);
      for (int r = 0; r < rows; ++r) {
        const T* src = g.a + (i + r) * g.lda + p0;
        for (std::int64_t p = c0; p < c1; ++p) packed[p * mr + r] = src[p];
      }
    }
  }
}

}  // namespace cnnkit::ops::kernels

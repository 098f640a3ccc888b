// The dense register-blocked microkernel (broadcast form): an MR x (NV*L) tile of C,
//   acc[r][v] += A(r, p) * B(p, v*L .. v*L+L)     for p = 0 .. kc-1, ascending,
// one scalar broadcast of A per (row, p) and NV vector loads of B per p. A is either row-major
// (a[r*lda + p], the simd rung reading x or dy in place) or column-major (a[r + p*lda]: the packed
// micro-panels, lda = the packing's mr, and x^T read in place). B is either a packed panel
// (aligned, zero-padded, ldb = the panel's width, which may exceed NV*L: a one-vector tile serves
// the last few columns of a two-vector panel) or row-major in place (ldb; masked loads on the
// column tail, which never read past column `cols`-1).
//
// Why not conv2d's ConvTile: it steps its broadcast operand by one element per k, so it cannot
// walk a [k][mr] packed micro-panel or x^T, and it has no K-block accumulate-then-bias epilogue;
// the GEMM needs both, and ConvTile's three-level tap loop buys nothing here.
#pragma once

#include <immintrin.h>

#include <cstdint>
#include <type_traits>
#include <xsimd/xsimd.hpp>

#include "simd/tail.hpp"

namespace cnnkit::ops::kernels {

// Loads of the first n lanes (0 <= n <= L) with the mask built once, for loops that load the
// same column tail every k (simd::load_tail rebuilds it per call, and on AVX2 goes through memory).
template <class Arch, class T>
class TailLoad {
  using B = xsimd::batch<T, Arch>;
  static constexpr int L = static_cast<int>(B::size);

 public:
  explicit TailLoad(int n) : n_(n) {
#if XSIMD_WITH_AVX512BW
    if constexpr (std::is_same_v<Arch, xsimd::avx512bw>) mask512_ = (1u << n) - 1;
#endif
#if XSIMD_WITH_AVX2
    if constexpr (std::is_same_v<Arch, xsimd::fma3<xsimd::avx2>>) {
      alignas(32) std::int64_t q[4];
      alignas(32) std::int32_t d[8];
      for (int l = 0; l < 4; ++l) q[l] = l < n ? -1 : 0;
      for (int l = 0; l < 8; ++l) d[l] = l < n ? -1 : 0;
      mask256_ = std::is_same_v<T, float> ? _mm256_load_si256(reinterpret_cast<const __m256i*>(d))
                                          : _mm256_load_si256(reinterpret_cast<const __m256i*>(q));
    }
#endif
  }

  B operator()(const T* p) const {
#if XSIMD_WITH_AVX512BW
    if constexpr (std::is_same_v<Arch, xsimd::avx512bw>) {
      if constexpr (std::is_same_v<T, float>)
        return B(_mm512_maskz_loadu_ps(static_cast<__mmask16>(mask512_), p));
      else
        return B(_mm512_maskz_loadu_pd(static_cast<__mmask8>(mask512_), p));
    }
#endif
#if XSIMD_WITH_AVX2
    if constexpr (std::is_same_v<Arch, xsimd::fma3<xsimd::avx2>>) {
      if constexpr (std::is_same_v<T, float>)
        return B(_mm256_maskload_ps(p, mask256_));
      else
        return B(_mm256_maskload_pd(p, mask256_));
    }
#endif
    return simd::load_tail<Arch>(p, n_);
  }

 private:
  int n_;
#if XSIMD_WITH_AVX512BW
  unsigned mask512_ = 0;
#endif
#if XSIMD_WITH_AVX2
  __m256i mask256_{};
#endif
};

enum class DenseA { row_major, col_major };
// in_place_tail: the tile's last vector is partial (a tile of NV vectors has more than (NV-1)*L
// columns; fewer take a tile of fewer vectors).
enum class DenseB { packed, in_place, in_place_tail };

template <class T>
struct DenseTileOut {
  T* c;               // row 0, column 0 of the tile
  std::int64_t ldc;
  int cols;           // columns of the tile that exist (<= NV*L)
  bool accumulate;    // start from C (a later K block) instead of zero
  const T* bias;      // added after the sum when non-null (the last K block); indexed like C's columns
};

template <class Arch, class T, int MR, int NV, DenseA AF, DenseB BF>
struct DenseTile {
  using B = xsimd::batch<T, Arch>;
  static constexpr int L = static_cast<int>(B::size);
  static constexpr int NB = NV * L;

  static void run(std::int64_t kc, const T* a, std::int64_t lda, const T* b, std::int64_t ldb,
                  const DenseTileOut<T>& o) {
    B acc[MR][NV];
    if (o.accumulate) {
#pragma GCC unroll 16
      for (int r = 0; r < MR; ++r)
#pragma GCC unroll 4
        for (int v = 0; v < NV; ++v) acc[r][v] = simd::load_tail<Arch>(o.c + r * o.ldc + v * L, lanes(o.cols, v));
    } else {
#pragma GCC unroll 16
      for (int r = 0; r < MR; ++r)
#pragma GCC unroll 4
        for (int v = 0; v < NV; ++v) acc[r][v] = B(T(0));
    }
    [[maybe_unused]] const TailLoad<Arch, T> tail(lanes(o.cols, NV - 1));
    const std::int64_t a_step = AF == DenseA::row_major ? 1 : lda;
    const std::int64_t a_row = AF == DenseA::row_major ? lda : 1;
    for (std::int64_t p = 0; p < kc; ++p, a += a_step, b += ldb) {
      B bv[NV];
#pragma GCC unroll 4
      for (int v = 0; v < NV; ++v) {
        if constexpr (BF == DenseB::packed)
          bv[v] = B::load_aligned(b + v * L);
        else if constexpr (BF == DenseB::in_place)
          bv[v] = B::load_unaligned(b + v * L);
        else  // only the last vector holds the tail (a tile of NV vectors has more than (NV-1)*L columns)
          bv[v] = v + 1 < NV ? B::load_unaligned(b + v * L) : tail(b + v * L);
      }
#pragma GCC unroll 16
      for (int r = 0; r < MR; ++r) {
        const B ab(a[r * a_row]);
#pragma GCC unroll 4
        for (int v = 0; v < NV; ++v) acc[r][v] = xsimd::fma(ab, bv[v], acc[r][v]);
      }
    }
    if (o.bias) {
#pragma GCC unroll 4
      for (int v = 0; v < NV; ++v) {
        const B bias = simd::load_tail<Arch>(o.bias + v * L, lanes(o.cols, v));
#pragma GCC unroll 16
        for (int r = 0; r < MR; ++r) acc[r][v] = acc[r][v] + bias;
      }
    }
#pragma GCC unroll 16
    for (int r = 0; r < MR; ++r)
#pragma GCC unroll 4
      for (int v = 0; v < NV; ++v) simd::store_tail<Arch>(o.c + r * o.ldc + v * L, acc[r][v], lanes(o.cols, v));
  }

  // Lanes of vector v that hold existing columns (0..L).
  static int lanes(int cols, int v) {
    const int n = cols - v * L;
    return n <= 0 ? 0 : (n >= L ? L : n);
  }
};

// The tile for a runtime row count 1..MR (row tails), so full tiles and tails share one template.
template <class Arch, class T, int MR, int NV, DenseA AF, DenseB BF>
void run_dense_tile(int rows, std::int64_t kc, const T* a, std::int64_t lda, const T* b, std::int64_t ldb,
                    const DenseTileOut<T>& o) {
  if constexpr (MR > 0) {
    if (rows == MR) return DenseTile<Arch, T, MR, NV, AF, BF>::run(kc, a, lda, b, ldb, o);
    run_dense_tile<Arch, T, MR - 1, NV, AF, BF>(rows, kc, a, lda, b, ldb, o);
  }
}

}  // namespace cnnkit::ops::kernels

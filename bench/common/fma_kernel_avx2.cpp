// AVX2 FMA peak kernels (this file is compiled with -mavx2 -mfma). Only intrinsics here.
#include <immintrin.h>

#include "common/fma_kernels.hpp"

namespace cnnkit::bench {
namespace {

float sum_lanes(__m256 v) {
  alignas(32) float lanes[8];
  _mm256_store_ps(lanes, v);
  return lanes[0] + lanes[1] + lanes[2] + lanes[3] + lanes[4] + lanes[5] + lanes[6] + lanes[7];
}

double sum_lanes(__m256d v) {
  alignas(32) double lanes[4];
  _mm256_store_pd(lanes, v);
  return lanes[0] + lanes[1] + lanes[2] + lanes[3];
}

}  // namespace

double fma_kernel_avx2_f32(std::int64_t iterations) {
  const __m256 b = _mm256_set1_ps(0.999999f), c = _mm256_set1_ps(1e-6f);
  __m256 a0 = _mm256_set1_ps(1.00f);
  __m256 a1 = _mm256_set1_ps(1.01f);
  __m256 a2 = _mm256_set1_ps(1.02f);
  __m256 a3 = _mm256_set1_ps(1.03f);
  __m256 a4 = _mm256_set1_ps(1.04f);
  __m256 a5 = _mm256_set1_ps(1.05f);
  __m256 a6 = _mm256_set1_ps(1.06f);
  __m256 a7 = _mm256_set1_ps(1.07f);
  __m256 a8 = _mm256_set1_ps(1.08f);
  __m256 a9 = _mm256_set1_ps(1.09f);
  __m256 a10 = _mm256_set1_ps(1.10f);
  __m256 a11 = _mm256_set1_ps(1.11f);
  for (std::int64_t i = 0; i < iterations; ++i) {
    a0 = _mm256_fmadd_ps(a0, b, c);
    a1 = _mm256_fmadd_ps(a1, b, c);
    a2 = _mm256_fmadd_ps(a2, b, c);
    a3 = _mm256_fmadd_ps(a3, b, c);
    a4 = _mm256_fmadd_ps(a4, b, c);
    a5 = _mm256_fmadd_ps(a5, b, c);
    a6 = _mm256_fmadd_ps(a6, b, c);
    a7 = _mm256_fmadd_ps(a7, b, c);
    a8 = _mm256_fmadd_ps(a8, b, c);
    a9 = _mm256_fmadd_ps(a9, b, c);
    a10 = _mm256_fmadd_ps(a10, b, c);
    a11 = _mm256_fmadd_ps(a11, b, c);
  }
  a0 = _mm256_add_ps(a0, a1);
  a0 = _mm256_add_ps(a0, a2);
  a0 = _mm256_add_ps(a0, a3);
  a0 = _mm256_add_ps(a0, a4);
  a0 = _mm256_add_ps(a0, a5);
  a0 = _mm256_add_ps(a0, a6);
  a0 = _mm256_add_ps(a0, a7);
  a0 = _mm256_add_ps(a0, a8);
  a0 = _mm256_add_ps(a0, a9);
  a0 = _mm256_add_ps(a0, a10);
  a0 = _mm256_add_ps(a0, a11);
  return sum_lanes(a0);
}

double fma_kernel_avx2_f64(std::int64_t iterations) {
  const __m256d b = _mm256_set1_pd(0.999999), c = _mm256_set1_pd(1e-6);
  __m256d a0 = _mm256_set1_pd(1.00);
  __m256d a1 = _mm256_set1_pd(1.01);
  __m256d a2 = _mm256_set1_pd(1.02);
  __m256d a3 = _mm256_set1_pd(1.03);
  __m256d a4 = _mm256_set1_pd(1.04);
  __m256d a5 = _mm256_set1_pd(1.05);
  __m256d a6 = _mm256_set1_pd(1.06);
  __m256d a7 = _mm256_set1_pd(1.07);
  __m256d a8 = _mm256_set1_pd(1.08);
  __m256d a9 = _mm256_set1_pd(1.09);
  __m256d a10 = _mm256_set1_pd(1.10);
  __m256d a11 = _mm256_set1_pd(1.11);
  for (std::int64_t i = 0; i < iterations; ++i) {
    a0 = _mm256_fmadd_pd(a0, b, c);
    a1 = _mm256_fmadd_pd(a1, b, c);
    a2 = _mm256_fmadd_pd(a2, b, c);
    a3 = _mm256_fmadd_pd(a3, b, c);
    a4 = _mm256_fmadd_pd(a4, b, c);
    a5 = _mm256_fmadd_pd(a5, b, c);
    a6 = _mm256_fmadd_pd(a6, b, c);
    a7 = _mm256_fmadd_pd(a7, b, c);
    a8 = _mm256_fmadd_pd(a8, b, c);
    a9 = _mm256_fmadd_pd(a9, b, c);
    a10 = _mm256_fmadd_pd(a10, b, c);
    a11 = _mm256_fmadd_pd(a11, b, c);
  }
  a0 = _mm256_add_pd(a0, a1);
  a0 = _mm256_add_pd(a0, a2);
  a0 = _mm256_add_pd(a0, a3);
  a0 = _mm256_add_pd(a0, a4);
  a0 = _mm256_add_pd(a0, a5);
  a0 = _mm256_add_pd(a0, a6);
  a0 = _mm256_add_pd(a0, a7);
  a0 = _mm256_add_pd(a0, a8);
  a0 = _mm256_add_pd(a0, a9);
  a0 = _mm256_add_pd(a0, a10);
  a0 = _mm256_add_pd(a0, a11);
  return sum_lanes(a0);
}

}  // namespace cnnkit::bench

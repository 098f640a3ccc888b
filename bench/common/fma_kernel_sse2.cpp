// Baseline (SSE2) multiply-add peak kernels: x86-64 without FMA, for CPUs below AVX2.
#include <emmintrin.h>

#include "common/fma_kernels.hpp"

namespace cnnkit::bench {
namespace {

float sum_lanes(__m128 v) {
  alignas(16) float lanes[4];
  _mm_store_ps(lanes, v);
  return lanes[0] + lanes[1] + lanes[2] + lanes[3];
}

double sum_lanes(__m128d v) {
  alignas(16) double lanes[2];
  _mm_store_pd(lanes, v);
  return lanes[0] + lanes[1];
}

}  // namespace

double fma_kernel_sse2_f32(std::int64_t iterations) {
  const __m128 b = _mm_set1_ps(0.999999f), c = _mm_set1_ps(1e-6f);
  __m128 a0 = _mm_set1_ps(1.00f);
  __m128 a1 = _mm_set1_ps(1.01f);
  __m128 a2 = _mm_set1_ps(1.02f);
  __m128 a3 = _mm_set1_ps(1.03f);
  __m128 a4 = _mm_set1_ps(1.04f);
  __m128 a5 = _mm_set1_ps(1.05f);
  __m128 a6 = _mm_set1_ps(1.06f);
  __m128 a7 = _mm_set1_ps(1.07f);
  __m128 a8 = _mm_set1_ps(1.08f);
  __m128 a9 = _mm_set1_ps(1.09f);
  __m128 a10 = _mm_set1_ps(1.10f);
  __m128 a11 = _mm_set1_ps(1.11f);
  for (std::int64_t i = 0; i < iterations; ++i) {
    a0 = _mm_add_ps(_mm_mul_ps(a0, b), c);
    a1 = _mm_add_ps(_mm_mul_ps(a1, b), c);
    a2 = _mm_add_ps(_mm_mul_ps(a2, b), c);
    a3 = _mm_add_ps(_mm_mul_ps(a3, b), c);
    a4 = _mm_add_ps(_mm_mul_ps(a4, b), c);
    a5 = _mm_add_ps(_mm_mul_ps(a5, b), c);
    a6 = _mm_add_ps(_mm_mul_ps(a6, b), c);
    a7 = _mm_add_ps(_mm_mul_ps(a7, b), c);
    a8 = _mm_add_ps(_mm_mul_ps(a8, b), c);
    a9 = _mm_add_ps(_mm_mul_ps(a9, b), c);
    a10 = _mm_add_ps(_mm_mul_ps(a10, b), c);
    a11 = _mm_add_ps(_mm_mul_ps(a11, b), c);
  }
  a0 = _mm_add_ps(a0, a1);
  a0 = _mm_add_ps(a0, a2);
  a0 = _mm_add_ps(a0, a3);
  a0 = _mm_add_ps(a0, a4);
  a0 = _mm_add_ps(a0, a5);
  a0 = _mm_add_ps(a0, a6);
  a0 = _mm_add_ps(a0, a7);
  a0 = _mm_add_ps(a0, a8);
  a0 = _mm_add_ps(a0, a9);
  a0 = _mm_add_ps(a0, a10);
  a0 = _mm_add_ps(a0, a11);
  return sum_lanes(a0);
}

double fma_kernel_sse2_f64(std::int64_t iterations) {
  const __m128d b = _mm_set1_pd(0.999999), c = _mm_set1_pd(1e-6);
  __m128d a0 = _mm_set1_pd(1.00);
  __m128d a1 = _mm_set1_pd(1.01);
  __m128d a2 = _mm_set1_pd(1.02);
  __m128d a3 = _mm_set1_pd(1.03);
  __m128d a4 = _mm_set1_pd(1.04);
  __m128d a5 = _mm_set1_pd(1.05);
  __m128d a6 = _mm_set1_pd(1.06);
  __m128d a7 = _mm_set1_pd(1.07);
  __m128d a8 = _mm_set1_pd(1.08);
  __m128d a9 = _mm_set1_pd(1.09);
  __m128d a10 = _mm_set1_pd(1.10);
  __m128d a11 = _mm_set1_pd(1.11);
  for (std::int64_t i = 0; i < iterations; ++i) {
    a0 = _mm_add_pd(_mm_mul_pd(a0, b), c);
    a1 = _mm_add_pd(_mm_mul_pd(a1, b), c);
    a2 = _mm_add_pd(_mm_mul_pd(a2, b), c);
    a3 = _mm_add_pd(_mm_mul_pd(a3, b), c);
    a4 = _mm_add_pd(_mm_mul_pd(a4, b), c);
    a5 = _mm_add_pd(_mm_mul_pd(a5, b), c);
    a6 = _mm_add_pd(_mm_mul_pd(a6, b), c);
    a7 = _mm_add_pd(_mm_mul_pd(a7, b), c);
    a8 = _mm_add_pd(_mm_mul_pd(a8, b), c);
    a9 = _mm_add_pd(_mm_mul_pd(a9, b), c);
    a10 = _mm_add_pd(_mm_mul_pd(a10, b), c);
    a11 = _mm_add_pd(_mm_mul_pd(a11, b), c);
  }
  a0 = _mm_add_pd(a0, a1);
  a0 = _mm_add_pd(a0, a2);
  a0 = _mm_add_pd(a0, a3);
  a0 = _mm_add_pd(a0, a4);
  a0 = _mm_add_pd(a0, a5);
  a0 = _mm_add_pd(a0, a6);
  a0 = _mm_add_pd(a0, a7);
  a0 = _mm_add_pd(a0, a8);
  a0 = _mm_add_pd(a0, a9);
  a0 = _mm_add_pd(a0, a10);
  a0 = _mm_add_pd(a0, a11);
  return sum_lanes(a0);
}

}  // namespace cnnkit::bench

// AVX-512 FMA peak kernels (this file is compiled with -mavx512f -mavx512dq -mavx512bw -mavx512vl
// -mfma). Only intrinsics here: no inline library code that could leak AVX-512 into other units.
#include <immintrin.h>

#include "common/fma_kernels.hpp"

namespace cnnkit::bench {
namespace {

// Through memory rather than _mm512_reduce_add_*: GCC 12's versions trip -Wuninitialized.
float sum_lanes(__m512 v) {
  alignas(64) float lanes[16];
  _mm512_store_ps(lanes, v);
  float s = 0;
  for (float x : lanes) s += x;
  return s;
}

double sum_lanes(__m512d v) {
  alignas(64) double lanes[8];
  _mm512_store_pd(lanes, v);
  double s = 0;
  for (double x : lanes) s += x;
  return s;
}

}  // namespace

double fma_kernel_avx512_f32(std::int64_t iterations) {
  const __m512 b = _mm512_set1_ps(0.999999f), c = _mm512_set1_ps(1e-6f);
  __m512 a0 = _mm512_set1_ps(1.00f);
  __m512 a1 = _mm512_set1_ps(1.01f);
  __m512 a2 = _mm512_set1_ps(1.02f);
  __m512 a3 = _mm512_set1_ps(1.03f);
  __m512 a4 = _mm512_set1_ps(1.04f);
  __m512 a5 = _mm512_set1_ps(1.05f);
  __m512 a6 = _mm512_set1_ps(1.06f);
  __m512 a7 = _mm512_set1_ps(1.07f);
  __m512 a8 = _mm512_set1_ps(1.08f);
  __m512 a9 = _mm512_set1_ps(1.09f);
  __m512 a10 = _mm512_set1_ps(1.10f);
  __m512 a11 = _mm512_set1_ps(1.11f);
  __m512 a12 = _mm512_set1_ps(1.12f);
  __m512 a13 = _mm512_set1_ps(1.13f);
  __m512 a14 = _mm512_set1_ps(1.14f);
  __m512 a15 = _mm512_set1_ps(1.15f);
  for (std::int64_t i = 0; i < iterations; ++i) {
    a0 = _mm512_fmadd_ps(a0, b, c);
    a1 = _mm512_fmadd_ps(a1, b, c);
    a2 = _mm512_fmadd_ps(a2, b, c);
    a3 = _mm512_fmadd_ps(a3, b, c);
    a4 = _mm512_fmadd_ps(a4, b, c);
    a5 = _mm512_fmadd_ps(a5, b, c);
    a6 = _mm512_fmadd_ps(a6, b, c);
    a7 = _mm512_fmadd_ps(a7, b, c);
    a8 = _mm512_fmadd_ps(a8, b, c);
    a9 = _mm512_fmadd_ps(a9, b, c);
    a10 = _mm512_fmadd_ps(a10, b, c);
    a11 = _mm512_fmadd_ps(a11, b, c);
    a12 = _mm512_fmadd_ps(a12, b, c);
    a13 = _mm512_fmadd_ps(a13, b, c);
    a14 = _mm512_fmadd_ps(a14, b, c);
    a15 = _mm512_fmadd_ps(a15, b, c);
  }
  a0 = _mm512_add_ps(a0, a1);
  a0 = _mm512_add_ps(a0, a2);
  a0 = _mm512_add_ps(a0, a3);
  a0 = _mm512_add_ps(a0, a4);
  a0 = _mm512_add_ps(a0, a5);
  a0 = _mm512_add_ps(a0, a6);
  a0 = _mm512_add_ps(a0, a7);
  a0 = _mm512_add_ps(a0, a8);
  a0 = _mm512_add_ps(a0, a9);
  a0 = _mm512_add_ps(a0, a10);
  a0 = _mm512_add_ps(a0, a11);
  a0 = _mm512_add_ps(a0, a12);
  a0 = _mm512_add_ps(a0, a13);
  a0 = _mm512_add_ps(a0, a14);
  a0 = _mm512_add_ps(a0, a15);
  return sum_lanes(a0);
}

double fma_kernel_avx512_f64(std::int64_t iterations) {
  const __m512d b = _mm512_set1_pd(0.999999), c = _mm512_set1_pd(1e-6);
  __m512d a0 = _mm512_set1_pd(1.00);
  __m512d a1 = _mm512_set1_pd(1.01);
  __m512d a2 = _mm512_set1_pd(1.02);
  __m512d a3 = _mm512_set1_pd(1.03);
  __m512d a4 = _mm512_set1_pd(1.04);
  __m512d a5 = _mm512_set1_pd(1.05);
  __m512d a6 = _mm512_set1_pd(1.06);
  __m512d a7 = _mm512_set1_pd(1.07);
  __m512d a8 = _mm512_set1_pd(1.08);
  __m512d a9 = _mm512_set1_pd(1.09);
  __m512d a10 = _mm512_set1_pd(1.10);
  __m512d a11 = _mm512_set1_pd(1.11);
  __m512d a12 = _mm512_set1_pd(1.12);
  __m512d a13 = _mm512_set1_pd(1.13);
  __m512d a14 = _mm512_set1_pd(1.14);
  __m512d a15 = _mm512_set1_pd(1.15);
  for (std::int64_t i = 0; i < iterations; ++i) {
    a0 = _mm512_fmadd_pd(a0, b, c);
    a1 = _mm512_fmadd_pd(a1, b, c);
    a2 = _mm512_fmadd_pd(a2, b, c);
    a3 = _mm512_fmadd_pd(a3, b, c);
    a4 = _mm512_fmadd_pd(a4, b, c);
    a5 = _mm512_fmadd_pd(a5, b, c);
    a6 = _mm512_fmadd_pd(a6, b, c);
    a7 = _mm512_fmadd_pd(a7, b, c);
    a8 = _mm512_fmadd_pd(a8, b, c);
    a9 = _mm512_fmadd_pd(a9, b, c);
    a10 = _mm512_fmadd_pd(a10, b, c);
    a11 = _mm512_fmadd_pd(a11, b, c);
    a12 = _mm512_fmadd_pd(a12, b, c);
    a13 = _mm512_fmadd_pd(a13, b, c);
    a14 = _mm512_fmadd_pd(a14, b, c);
    a15 = _mm512_fmadd_pd(a15, b, c);
  }
  a0 = _mm512_add_pd(a0, a1);
  a0 = _mm512_add_pd(a0, a2);
  a0 = _mm512_add_pd(a0, a3);
  a0 = _mm512_add_pd(a0, a4);
  a0 = _mm512_add_pd(a0, a5);
  a0 = _mm512_add_pd(a0, a6);
  a0 = _mm512_add_pd(a0, a7);
  a0 = _mm512_add_pd(a0, a8);
  a0 = _mm512_add_pd(a0, a9);
  a0 = _mm512_add_pd(a0, a10);
  a0 = _mm512_add_pd(a0, a11);
  a0 = _mm512_add_pd(a0, a12);
  a0 = _mm512_add_pd(a0, a13);
  a0 = _mm512_add_pd(a0, a14);
  a0 = _mm512_add_pd(a0, a15);
  return sum_lanes(a0);
}

}  // namespace cnnkit::bench

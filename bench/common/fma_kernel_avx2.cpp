// AVX2 + FMA peak kernels (this file is compiled with -mavx2 -mfma). Only intrinsics and the
// internal-linkage instantiations of fma_peak_loop here.
#include <immintrin.h>

#include "common/fma_kernels.hpp"
#include "common/fma_peak_loop.hpp"

namespace cnnkit::bench {
namespace {

struct Avx2F32 {
  using V = __m256;
  static V set1(double x) { return _mm256_set1_ps(static_cast<float>(x)); }
  static V fma(V a, V b, V c) { return _mm256_fmadd_ps(a, b, c); }
  static V add(V a, V b) { return _mm256_add_ps(a, b); }
  static double sum_lanes(V v) { return sum_lanes_via_memory<float, 8>(v, [](float* p, V x) { _mm256_store_ps(p, x); }); }
};

struct Avx2F64 {
  using V = __m256d;
  static V set1(double x) { return _mm256_set1_pd(x); }
  static V fma(V a, V b, V c) { return _mm256_fmadd_pd(a, b, c); }
  static V add(V a, V b) { return _mm256_add_pd(a, b); }
  static double sum_lanes(V v) { return sum_lanes_via_memory<double, 4>(v, [](double* p, V x) { _mm256_store_pd(p, x); }); }
};

}  // namespace

double fma_kernel_avx2_f32(std::int64_t iterations) { return fma_peak_loop<Avx2F32, 12>(iterations); }
double fma_kernel_avx2_f64(std::int64_t iterations) { return fma_peak_loop<Avx2F64, 12>(iterations); }

}  // namespace cnnkit::bench

// Baseline (SSE2) multiply-add peak kernels: x86-64 without FMA, for CPUs below AVX2.
#include <emmintrin.h>

#include "common/fma_kernels.hpp"
#include "common/fma_peak_loop.hpp"

namespace cnnkit::bench {
namespace {

struct Sse2F32 {
  using V = __m128;
  static V set1(double x) { return _mm_set1_ps(static_cast<float>(x)); }
  static V fma(V a, V b, V c) { return _mm_add_ps(_mm_mul_ps(a, b), c); }
  static V add(V a, V b) { return _mm_add_ps(a, b); }
  static double sum_lanes(V v) { return sum_lanes_via_memory<float, 4>(v, [](float* p, V x) { _mm_store_ps(p, x); }); }
};

struct Sse2F64 {
  using V = __m128d;
  static V set1(double x) { return _mm_set1_pd(x); }
  static V fma(V a, V b, V c) { return _mm_add_pd(_mm_mul_pd(a, b), c); }
  static V add(V a, V b) { return _mm_add_pd(a, b); }
  static double sum_lanes(V v) { return sum_lanes_via_memory<double, 2>(v, [](double* p, V x) { _mm_store_pd(p, x); }); }
};

}  // namespace

double fma_kernel_sse2_f32(std::int64_t iterations) { return fma_peak_loop<Sse2F32, 12>(iterations); }
double fma_kernel_sse2_f64(std::int64_t iterations) { return fma_peak_loop<Sse2F64, 12>(iterations); }

}  // namespace cnnkit::bench

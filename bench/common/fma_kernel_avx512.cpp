// AVX-512 FMA peak kernels (this file is compiled with -mavx512f -mavx512dq -mavx512bw -mavx512vl
// -mfma). Only intrinsics and the internal-linkage instantiations of fma_peak_loop here.
#include <immintrin.h>

#include "common/fma_kernels.hpp"
#include "common/fma_peak_loop.hpp"

namespace cnnkit::bench {
namespace {

struct Avx512F32 {
  using V = __m512;
  static V set1(double x) { return _mm512_set1_ps(static_cast<float>(x)); }
  static V fma(V a, V b, V c) { return _mm512_fmadd_ps(a, b, c); }
  static V add(V a, V b) { return _mm512_add_ps(a, b); }
  static double sum_lanes(V v) { return sum_lanes_via_memory<float, 16>(v, [](float* p, V x) { _mm512_store_ps(p, x); }); }
};

struct Avx512F64 {
  using V = __m512d;
  static V set1(double x) { return _mm512_set1_pd(x); }
  static V fma(V a, V b, V c) { return _mm512_fmadd_pd(a, b, c); }
  static V add(V a, V b) { return _mm512_add_pd(a, b); }
  static double sum_lanes(V v) { return sum_lanes_via_memory<double, 8>(v, [](double* p, V x) { _mm512_store_pd(p, x); }); }
};

}  // namespace

double fma_kernel_avx512_f32(std::int64_t iterations) { return fma_peak_loop<Avx512F32, 16>(iterations); }
double fma_kernel_avx512_f64(std::int64_t iterations) { return fma_peak_loop<Avx512F64, 16>(iterations); }

}  // namespace cnnkit::bench

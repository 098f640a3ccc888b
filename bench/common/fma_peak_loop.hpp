// The FMA peak loop, written once. Each fma_kernel_<tier>.cpp includes it and instantiates it
// with that tier's vector operations (a traits struct in the file's unnamed namespace), so every
// instantiation has internal linkage and stays inside the translation unit built with its flags.
//
// `Ops` provides: type V; static V set1(double); static V fma(V a, V b, V c) (a*b+c);
// static V add(V, V); static double sum_lanes(V).
#pragma once

#include <cstdint>

namespace cnnkit::bench {

// kAccumulators independent chains, more than FMA latency x throughput needs, each updated once
// per iteration; returns a value that depends on every chain so nothing is optimised away.
template <class Ops, int kAccumulators>
double fma_peak_loop(std::int64_t iterations) {
  using V = typename Ops::V;
  const V b = Ops::set1(0.999999), c = Ops::set1(1e-6);
  V acc[kAccumulators];
#pragma GCC unroll 16
  for (int k = 0; k < kAccumulators; ++k) acc[k] = Ops::set1(1.0 + 0.01 * k);
  for (std::int64_t i = 0; i < iterations; ++i) {
#pragma GCC unroll 16
    for (int k = 0; k < kAccumulators; ++k) acc[k] = Ops::fma(acc[k], b, c);
  }
  V sum = acc[0];
#pragma GCC unroll 16
  for (int k = 1; k < kAccumulators; ++k) sum = Ops::add(sum, acc[k]);
  return Ops::sum_lanes(sum);
}

// Lane sum through memory (GCC 12's _mm*_reduce_add_* trip -Wuninitialized).
template <class Scalar, int kLanes, class V, class Store>
double sum_lanes_via_memory(V v, Store store) {
  alignas(64) Scalar lanes[kLanes];
  store(lanes, v);
  double s = 0;
  for (Scalar x : lanes) s += x;
  return s;
}

}  // namespace cnnkit::bench

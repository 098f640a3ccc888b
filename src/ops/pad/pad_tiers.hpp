// What each ISA tier's translation unit (tiers/pad.<tier>.cpp) provides to the ISA-neutral pad
// drivers: the kernel that writes a range [begin, end) of y's elements (flat NHWC order), with
// ordinary or non-temporal ("stream") stores. A stream kernel ends with a store fence.
#pragma once

#include <cstdint>

#include "cnnkit/dispatch.hpp"
#include "ops/pad/pad_problem.hpp"
#include "simd/tier_table.hpp"

namespace cnnkit::ops {

template <class T>
struct PadTierKernels {
  void (*range_simd)(const PadProblem&, const T* x, T* y, T value, std::int64_t begin, std::int64_t end);
  void (*range_stream)(const PadProblem&, const T* x, T* y, T value, std::int64_t begin, std::int64_t end);
};

// The kernels of a tier (sse4_2, avx2_fma or avx512). Only call when detected_isa() allows it.
template <class T>
const PadTierKernels<T>& pad_tier_kernels(Isa isa);

namespace tier_sse4_2 {
template <class T>
const PadTierKernels<T>& pad_kernels();
}
namespace tier_avx2_fma {
template <class T>
const PadTierKernels<T>& pad_kernels();
}
namespace tier_avx512 {
template <class T>
const PadTierKernels<T>& pad_kernels();
}

}  // namespace cnnkit::ops

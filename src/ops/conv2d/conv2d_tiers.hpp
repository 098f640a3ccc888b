// What each ISA tier's translation unit (tiers/conv2d.<tier>.cpp) provides to the ISA-neutral
// conv2d drivers: its register blocking and its kernels, as plain function pointers.
#pragma once

#include <cstdint>

#include "cnnkit/dispatch.hpp"
#include "ops/conv2d/conv2d_fwd_plan.hpp"
#include "ops/conv2d/conv2d_problem.hpp"
#include "simd/tier_table.hpp"

namespace cnnkit::ops {

template <class T>
struct ConvTierKernels {
  ConvRegisterBlocking blocking;
  // The simd rung (whole problem, one thread).
  void (*fwd_simd)(const Conv2dProblem&, const T* x, const T* w, const T* b, T* y);
  // The blocked rung: tiles [begin, end) of a plan, with weights packed by pack_conv_fwd_weights.
  void (*fwd_blocked_tiles)(const ConvFwdPlan&, const T* x, const T* packed, const T* b, T* y, std::int64_t begin,
                            std::int64_t end);
};

using simd::pick_tier_kernels;  // src/simd/tier_table.hpp

// The kernels of a tier (sse4_2, avx2_fma or avx512). Only call when detected_isa() allows it.
template <class T>
const ConvTierKernels<T>& conv_tier_kernels(Isa isa);

namespace tier_sse4_2 {
template <class T>
const ConvTierKernels<T>& conv_kernels();
}
namespace tier_avx2_fma {
template <class T>
const ConvTierKernels<T>& conv_kernels();
}
namespace tier_avx512 {
template <class T>
const ConvTierKernels<T>& conv_kernels();
}

}  // namespace cnnkit::ops

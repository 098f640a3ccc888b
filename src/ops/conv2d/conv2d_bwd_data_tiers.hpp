// What each ISA tier's translation unit (tiers/conv2d.<tier>.cpp) provides to the ISA-neutral
// backward-data drivers: its register blocking and kernels, as plain function pointers.
#pragma once

#include <cstdint>

#include "cnnkit/dispatch.hpp"
#include "ops/conv2d/conv2d_bwd_data_plan.hpp"
#include "ops/conv2d/conv2d_problem.hpp"

namespace cnnkit::ops {

template <class T>
struct ConvBwdDataTierKernels {
  ConvRegisterBlocking blocking;
  // The simd rung (whole problem, one thread).
  void (*simd)(const Conv2dProblem&, const T* dy, const T* w, T* dx);
  // The blocked rung: tiles [begin, end) of a plan, weights packed by pack_conv_bwd_data_weights.
  void (*blocked_tiles)(const ConvBwdDataPlan&, const T* dy, const T* packed, T* dx, std::int64_t begin,
                        std::int64_t end);
};

// The kernels of a tier (sse4_2, avx2_fma or avx512). Only call when detected_isa() allows it.
template <class T>
const ConvBwdDataTierKernels<T>& conv_bwd_data_tier_kernels(Isa isa);

namespace tier_sse4_2 {
template <class T>
const ConvBwdDataTierKernels<T>& conv_bwd_data_kernels();
}
namespace tier_avx2_fma {
template <class T>
const ConvBwdDataTierKernels<T>& conv_bwd_data_kernels();
}
namespace tier_avx512 {
template <class T>
const ConvBwdDataTierKernels<T>& conv_bwd_data_kernels();
}

}  // namespace cnnkit::ops

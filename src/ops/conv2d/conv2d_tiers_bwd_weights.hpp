// What each ISA tier's backward-weights / bias translation unit (tiers/conv2d_bwd_weights.<tier>.cpp)
// provides to the ISA-neutral drivers: register blocking and kernels, as plain function pointers.
#pragma once

#include <cstdint>

#include "cnnkit/dispatch.hpp"
#include "ops/conv2d/conv2d_bwd_bias_plan.hpp"
#include "ops/conv2d/conv2d_bwd_weights_plan.hpp"
#include "ops/conv2d/conv2d_problem.hpp"

namespace cnnkit::ops {

template <class T>
struct ConvBwdWeightsTierKernels {
  ConvBwdWeightsBlocking blocking;
  // simd rungs (whole problem, one thread).
  void (*weights_simd)(const Conv2dProblem&, const T* x, const T* dy, T* dw);
  // accumulate: resume the running sums held in db (the fused bias gradient's later pieces).
  void (*bias_simd)(const Conv2dBiasProblem&, const T* dy, T* db, bool accumulate);
  // Blocked backward weights: work items [begin, end) of a plan (part, unit), each summed over its
  // part's pixels into dw (part 0) or its partial dW (partials, plan.partials_count() values).
  void (*weights_blocked_units)(const ConvBwdWeightsPlan&, const T* x, const T* dy, T* dw, T* partials,
                                std::int64_t begin, std::int64_t end);
  // Blocked bias: partial rows of chunks [begin, end), then their sum in chunk order.
  void (*bias_chunks)(const ConvBwdBiasPlan&, const T* dy, T* partials, std::int64_t begin, std::int64_t end);
  void (*bias_combine)(const ConvBwdBiasPlan&, const T* partials, T* db);
};

// The kernels of a tier (sse4_2, avx2_fma or avx512). Only call when detected_isa() allows it.
template <class T>
const ConvBwdWeightsTierKernels<T>& conv_bwd_weights_tier_kernels(Isa isa);

namespace tier_sse4_2 {
template <class T>
const ConvBwdWeightsTierKernels<T>& conv_bwd_weights_kernels();
}
namespace tier_avx2_fma {
template <class T>
const ConvBwdWeightsTierKernels<T>& conv_bwd_weights_kernels();
}
namespace tier_avx512 {
template <class T>
const ConvBwdWeightsTierKernels<T>& conv_bwd_weights_kernels();
}

}  // namespace cnnkit::ops

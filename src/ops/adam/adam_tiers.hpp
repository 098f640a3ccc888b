// What each ISA tier's translation unit (tiers/adam.<tier>.cpp) provides to the ISA-neutral Adam
// driver: one element-range kernel, as a plain function pointer, and the scalar coefficients it
// uses (computed once per call, in double, then rounded to T as the reference does).
#pragma once

#include <cstdint>

#include "cnnkit/dispatch.hpp"
#include "ops/adam/adam_problem.hpp"
#include "simd/tier_table.hpp"

namespace cnnkit::ops {

// The four update formulas (style x weight-decay kind); one loop each, no per-element branches.
enum class AdamForm { pytorch, pytorch_l2, adamw, tensorflow1 };

template <class T>
struct AdamCoefficients {
  AdamForm form;
  T beta1, one_minus_beta1, beta2, one_minus_beta2, eps;
  T step_size;              // PyTorch: lr / (1 - b1^t);  TF1: lr * sqrt(1 - b2^t) / (1 - b1^t)
  T sqrt_correction2;       // PyTorch: sqrt(1 - b2^t) (the reference divides by it)
  T decay;                  // L2: weight_decay
  T decoupled_scale;        // AdamW: 1 - lr * weight_decay
};

template <class T>
AdamCoefficients<T> adam_coefficients(const AdamParams& a);

template <class T>
struct AdamTierKernels {
  // Elements [begin, end) of param, m and v updated in place from grad.
  void (*elements)(const AdamCoefficients<T>&, T* param, const T* grad, T* m, T* v, std::int64_t begin,
                   std::int64_t end);
};

// The kernels of a tier (sse4_2, avx2_fma or avx512). Only call when detected_isa() allows it.
template <class T>
const AdamTierKernels<T>& adam_tier_kernels(Isa isa);

namespace tier_sse4_2 {
template <class T>
const AdamTierKernels<T>& adam_kernels();
}
namespace tier_avx2_fma {
template <class T>
const AdamTierKernels<T>& adam_kernels();
}
namespace tier_avx512 {
template <class T>
const AdamTierKernels<T>& adam_kernels();
}

}  // namespace cnnkit::ops

#include "ops/adam/adam_tiers.hpp"

#include <cmath>

namespace cnnkit::ops {

template <class T>
AdamCoefficients<T> adam_coefficients(const AdamParams& a) {
  const double t = static_cast<double>(a.step);
  const double correction1 = 1.0 - std::pow(a.beta1, t), correction2 = 1.0 - std::pow(a.beta2, t);
  AdamCoefficients<T> c{};
  c.beta1 = static_cast<T>(a.beta1);
  c.one_minus_beta1 = static_cast<T>(1.0 - a.beta1);
  c.beta2 = static_cast<T>(a.beta2);
  c.one_minus_beta2 = static_cast<T>(1.0 - a.beta2);
  c.eps = static_cast<T>(a.eps);
  c.decay = static_cast<T>(a.weight_decay);
  // AdamW's factor only: validation checks it fits T for AdamW alone.
  const bool adamw = a.style == AdamStyle::pytorch && a.decoupled_weight_decay && a.weight_decay != 0.0;
  c.decoupled_scale = adamw ? static_cast<T>(1.0 - a.lr * a.weight_decay) : T(1);
  if (a.style == AdamStyle::pytorch) {
    c.form = a.weight_decay == 0.0 ? AdamForm::pytorch
             : a.decoupled_weight_decay ? AdamForm::adamw
                                        : AdamForm::pytorch_l2;
    c.step_size = static_cast<T>(a.lr / correction1);
    c.sqrt_correction2 = static_cast<T>(std::sqrt(correction2));
  } else {
    c.form = AdamForm::tensorflow1;
    c.step_size = static_cast<T>(a.lr * std::sqrt(correction2) / correction1);
    c.sqrt_correction2 = 1;
  }
  return c;
}

template <class T>
const AdamTierKernels<T>& adam_tier_kernels(Isa isa) {
  return simd::pick_tier_kernels<AdamTierKernels<T>>(isa, &tier_sse4_2::adam_kernels<T>,
                                                     &tier_avx2_fma::adam_kernels<T>, &tier_avx512::adam_kernels<T>);
}

template AdamCoefficients<float> adam_coefficients<float>(const AdamParams&);
template AdamCoefficients<double> adam_coefficients<double>(const AdamParams&);
template const AdamTierKernels<float>& adam_tier_kernels<float>(Isa);
template const AdamTierKernels<double>& adam_tier_kernels<double>(Isa);

}  // namespace cnnkit::ops

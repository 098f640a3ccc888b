// The reference Adam step, element by element, in the order of operations of the formula each
// style documents (torch.optim.Adam's single-tensor path, TensorFlow 1's AdamOptimizer).
// Scalar coefficients are computed in double once, then used in T.
// Non-finite values: the formula element by element, so an infinite or NaN param, grad, m or v
// gives what it gives (e.g. inf / inf = NaN for the step when grad is infinite); the fast variants
// use FMA and a reciprocal of sqrt(1 - b2^t), which changes only rounding (and overflow of finite
// intermediates near +-max).
#include "ops/adam/adam_reference.hpp"

#include <cmath>

namespace cnnkit::ops {

template <class T>
void adam_reference(const AdamProblem& p, T* param, const T* grad, T* m, T* v, const core::Exec&) {
  const AdamParams& a = p.params;
  const double t = static_cast<double>(a.step);
  const double bias_correction1 = 1.0 - std::pow(a.beta1, t);
  const double bias_correction2 = 1.0 - std::pow(a.beta2, t);
  const T beta1 = static_cast<T>(a.beta1), one_minus_beta1 = static_cast<T>(1.0 - a.beta1);
  const T beta2 = static_cast<T>(a.beta2), one_minus_beta2 = static_cast<T>(1.0 - a.beta2);
  const T eps = static_cast<T>(a.eps);

  if (a.style == AdamStyle::pytorch) {
    // denom = sqrt(v) / sqrt(1 - b2^t) + eps;  p -= lr / (1 - b1^t) * m / denom
    const T step_size = static_cast<T>(a.lr / bias_correction1);
    const T sqrt_bias_correction2 = static_cast<T>(std::sqrt(bias_correction2));
    const T decay = static_cast<T>(a.weight_decay);
    // Only AdamW uses it; validation checks it fits T only then (an unused out-of-range
    // conversion would still be undefined behaviour).
    const bool adamw = a.decoupled_weight_decay && a.weight_decay != 0.0;
    const T decoupled_scale = adamw ? static_cast<T>(1.0 - a.lr * a.weight_decay) : T(1);
    for (std::int64_t i = 0; i < p.count; ++i) {
      T g = grad[i];
      if (a.weight_decay != 0.0) {
        if (a.decoupled_weight_decay)
          param[i] *= decoupled_scale;  // AdamW
        else
          g += decay * param[i];  // L2 penalty
      }
      m[i] = m[i] * beta1 + g * one_minus_beta1;
      v[i] = v[i] * beta2 + g * g * one_minus_beta2;
      const T denom = std::sqrt(v[i]) / sqrt_bias_correction2 + eps;
      param[i] -= step_size * m[i] / denom;
    }
  } else {
    // lr_t = lr * sqrt(1 - b2^t) / (1 - b1^t);  p -= lr_t * m / (sqrt(v) + eps)
    const T lr_t = static_cast<T>(a.lr * std::sqrt(bias_correction2) / bias_correction1);
    for (std::int64_t i = 0; i < p.count; ++i) {
      const T g = grad[i];
      m[i] = m[i] * beta1 + g * one_minus_beta1;
      v[i] = v[i] * beta2 + g * g * one_minus_beta2;
      param[i] -= lr_t * m[i] / (std::sqrt(v[i]) + eps);
    }
  }
}

template void adam_reference<float>(const AdamProblem&, float*, const float*, float*, float*, const core::Exec&);
template void adam_reference<double>(const AdamProblem&, double*, const double*, double*, double*,
                                     const core::Exec&);

}  // namespace cnnkit::ops

// The vectorised Adam step over an element range, one tier's arch A: each element's param, grad,
// m and v are read once and param, m, v written once (one pass over memory, no temporaries).
// The formula is chosen once per call (AdamForm), so the loop has no per-element branches.
#pragma once

#include <cstdint>
#include <xsimd/xsimd.hpp>

#include "ops/adam/adam_tiers.hpp"
#include "simd/tail.hpp"

namespace cnnkit::ops::kernels {

template <class A, class T, AdamForm F>
void adam_elements_form(const AdamCoefficients<T>& c, T* param, const T* grad, T* m, T* v, std::int64_t begin,
                        std::int64_t end) {
  using B = xsimd::batch<T, A>;
  constexpr std::int64_t L = static_cast<std::int64_t>(B::size);
  const B beta1(c.beta1), one_minus_beta1(c.one_minus_beta1), beta2(c.beta2), one_minus_beta2(c.one_minus_beta2);
  const B eps(c.eps), step_size(c.step_size), sqrt_correction2(c.sqrt_correction2), decay(c.decay),
      decoupled_scale(c.decoupled_scale);
  // One vector of elements: the reference's IEEE operations in the reference's order (see
  // adam_reference.cpp; no fma, a division by sqrt(1 - b2^t), not a product with its inverse), so
  // every tier gives the reference's bits. A fused b1*m + (1-b1)*g rounds differently where the two
  // terms cancel; the loop is memory-bound, so exactness costs nothing measurable.
  const auto update = [&](B& p, B g, B& mv, B& vv) {
    if constexpr (F == AdamForm::pytorch_l2) g = g + decay * p;
    if constexpr (F == AdamForm::adamw) p = p * decoupled_scale;
    mv = mv * beta1 + g * one_minus_beta1;
    vv = vv * beta2 + g * g * one_minus_beta2;
    B denom;
    if constexpr (F == AdamForm::tensorflow1)
      denom = xsimd::sqrt(vv) + eps;
    else
      denom = xsimd::sqrt(vv) / sqrt_correction2 + eps;
    p = p - step_size * mv / denom;
  };
  std::int64_t i = begin;
  for (; i + L <= end; i += L) {
    B p = B::load_unaligned(param + i), mv = B::load_unaligned(m + i), vv = B::load_unaligned(v + i);
    update(p, B::load_unaligned(grad + i), mv, vv);
    p.store_unaligned(param + i);
    mv.store_unaligned(m + i);
    vv.store_unaligned(v + i);
  }
  if (i < end) {
    const int n = static_cast<int>(end - i);
    B p = simd::load_tail<A>(param + i, n), mv = simd::load_tail<A>(m + i, n), vv = simd::load_tail<A>(v + i, n);
    update(p, simd::load_tail<A>(grad + i, n), mv, vv);
    simd::store_tail<A>(param + i, p, n);
    simd::store_tail<A>(m + i, mv, n);
    simd::store_tail<A>(v + i, vv, n);
  }
}

// The element-range kernel of AdamTierKernels.
template <class A, class T>
void adam_elements(const AdamCoefficients<T>& c, T* param, const T* grad, T* m, T* v, std::int64_t begin,
                   std::int64_t end) {
  switch (c.form) {
    case AdamForm::pytorch: return adam_elements_form<A, T, AdamForm::pytorch>(c, param, grad, m, v, begin, end);
    case AdamForm::pytorch_l2:
      return adam_elements_form<A, T, AdamForm::pytorch_l2>(c, param, grad, m, v, begin, end);
    case AdamForm::adamw: return adam_elements_form<A, T, AdamForm::adamw>(c, param, grad, m, v, begin, end);
    case AdamForm::tensorflow1:
      return adam_elements_form<A, T, AdamForm::tensorflow1>(c, param, grad, m, v, begin, end);
  }
}

}  // namespace cnnkit::ops::kernels

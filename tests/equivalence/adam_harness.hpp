// Equivalence harness of the Adam step (both styles, L2 weight decay, AdamW).
//
// Tolerance (relative, documented): each element of param, m and v may differ from the
// reference by 16 * eps * (the magnitude of the terms that produced it), computed in double:
//   m: b1|m| + (1-b1) G            v: b2 v + (1-b2) G^2        (G = |g| + weight_decay*|p| for L2)
//   param: |p| + lr_eff * (b1|m| + (1-b1) G) / denom          (the update's magnitude bound)
// plus the smallest normal number. A few roundings per element, whatever the order or the
// precision of the scalar coefficients, stay far inside it; a wrong formula does not.
#pragma once

#include <cmath>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "equivalence_driver.hpp"
#include "ops/adam/adam_problem.hpp"

namespace cnnkit::test::equiv {

struct AdamCase {
  std::string name;
  ops::AdamProblem problem;  // as adam_step builds it
  bool misaligned;
};

// Lengths from kChannels and longer odd ones; each with two of: PyTorch style, L2 weight decay,
// AdamW, TF1 style, large eps in either style; steps 1 to 1000.
std::vector<AdamCase> adam_cases(Sweep sweep);

template <>
struct Harness<ops::AdamOp> {
  using Op = ops::AdamOp;
  using Case = AdamCase;
  static std::vector<Case> cases(Sweep sweep) { return adam_cases(sweep); }

  template <class T>
  static Instance<T> make(const Case& c, RandomFill& rng) {
    const std::int64_t n = c.problem.count;
    Instance<T> inst;
    inst.misaligned = c.misaligned;
    inst.args.push_back(make_arg<T>("param", Role::in_out, {n}, "i"));
    inst.args.push_back(make_arg<T>("grad", Role::input, {n}, "i"));
    inst.args.push_back(make_arg<T>("m", Role::in_out, {n}, "i"));
    inst.args.push_back(make_arg<T>("v", Role::in_out, {n}, "i"));
    std::uniform_real_distribution<double> u(0, 1);
    const auto draw = [&](std::vector<T>& out, double lo, double hi, double zero_fraction) {
      for (auto& e : out) {
        const double r = u(rng.engine());
        e = static_cast<T>(r < zero_fraction ? 0.0 : lo + (hi - lo) * u(rng.engine()));
      }
    };
    draw(inst.args[0].init, -1, 1, 0.0);
    draw(inst.args[1].init, -1, 1, 0.1);
    draw(inst.args[2].init, -0.1, 0.1, 0.1);
    draw(inst.args[3].init, 0, 0.01, 0.1);  // a second moment is never negative
    return inst;
  }

  template <class T>
  static void call(typename Op::template Fn<T>* fn, const Case& c, std::span<T* const> a, const std::int64_t*,
                   const core::Exec& exec) {
    fn(c.problem, a[0], a[1], a[2], a[3], exec);
  }

  template <class T>
  static std::vector<Tolerance> tolerances(const Case& c, const Instance<T>& inst) {
    const AdamParams& q = c.problem.params;
    const double rel = 16 * std::numeric_limits<T>::epsilon(), floor = std::numeric_limits<T>::min();
    const double t = static_cast<double>(q.step);
    const double bc1 = 1 - std::pow(q.beta1, t), bc2 = 1 - std::pow(q.beta2, t);
    const bool pytorch = q.style == AdamStyle::pytorch;
    const bool l2 = pytorch && q.weight_decay != 0 && !q.decoupled_weight_decay;
    const bool decoupled = pytorch && q.weight_decay != 0 && q.decoupled_weight_decay;
    const double lr_eff = pytorch ? q.lr / bc1 : q.lr * std::sqrt(bc2) / bc1;
    const std::size_t n = static_cast<std::size_t>(c.problem.count);
    Tolerance tp{false, std::vector<double>(n), "16 eps * (|p| + lr_eff * |m terms| / denom)"};
    Tolerance tm{false, std::vector<double>(n), "16 eps * (b1|m| + (1-b1)|g|)"};
    Tolerance tv{false, std::vector<double>(n), "16 eps * (b2 v + (1-b2) g^2)"};
    for (std::size_t i = 0; i < n; ++i) {
      const double p = inst.args[0].init[i], g = inst.args[1].init[i], m = inst.args[2].init[i],
                   v = inst.args[3].init[i];
      const double g_eff = l2 ? g + q.weight_decay * p : g;
      const double g_mag = std::fabs(g) + (l2 ? q.weight_decay * std::fabs(p) : 0);
      const double m_mag = q.beta1 * std::fabs(m) + (1 - q.beta1) * g_mag;
      const double v_new = q.beta2 * v + (1 - q.beta2) * g_eff * g_eff;
      const double denom = pytorch ? std::sqrt(v_new) / std::sqrt(bc2) + q.eps : std::sqrt(v_new) + q.eps;
      const double p_mag = std::fabs(p) * (decoupled ? 1 + q.lr * q.weight_decay : 1) + lr_eff * m_mag / denom;
      tp.abs[i] = rel * p_mag + floor;
      tm.abs[i] = rel * m_mag + floor;
      tv.abs[i] = rel * (q.beta2 * v + (1 - q.beta2) * g_mag * g_mag) + floor;
    }
    return {tp, tm, tv};
  }
};

}  // namespace cnnkit::test::equiv

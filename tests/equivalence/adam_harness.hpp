// Equivalence harness of the Adam step (both styles, L2 weight decay, AdamW).
//
// Tolerance (relative, documented): with rel = 16 * eps, each element may differ from the reference
// by what a few roundings of the terms that produce it can cause, computed in double:
//   m:     rel * (b1|m| + (1-b1) G)                       G = |g| + weight_decay*|p| for L2, else |g|
//   v:     dv = rel * (b2 v + (1-b2) G^2)
//   param: rel * (|p| + lr_eff * (b1|m| + (1-b1) G) / denom)            (p and the update's terms)
//          + lr_eff * |m_new| * d_denom / (denom * (denom - d_denom))     (v's error through 1/denom)
//   where d_denom = min(dv / (2 sqrt(v_new)), sqrt(dv)) * (1/sqrt(1-b2^t) for PyTorch) + rel * denom,
// plus the smallest normal number. The second param term matters when v_new is small next to its
// error, e.g. when the L2 term cancels the gradient: v_new ~ g'^2 then carries a large relative
// error that the division by denom amplifies. Roundings in any order, or scalar coefficients
// computed in T or in double, stay inside; a wrong formula does not (see the calibration tests).
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
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
  // About 1 in 30 of param, grad and m +-inf or NaN, of v +inf or NaN: every variant must give
  // the reference's infinities and NaNs (the formula's, element by element).
  bool specials = false;
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
    if (c.specials) {
      std::uniform_int_distribution<int> pick(0, 89);
      for (std::size_t k = 0; k < 4; ++k)
        for (auto& e : inst.args[k].init) {
          const int r = pick(rng.engine());
          if (r == 0) e = std::numeric_limits<T>::quiet_NaN();
          else if (r == 1) e = std::numeric_limits<T>::infinity();
          else if (r == 2 && k != 3) e = -std::numeric_limits<T>::infinity();
        }
    }
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
    Tolerance tp{false, std::vector<double>(n), "rel*(|p| + update terms) + v's error through 1/denom"};
    Tolerance tm{false, std::vector<double>(n), "rel*(b1|m| + (1-b1)G)"};
    Tolerance tv{false, std::vector<double>(n), "rel*(b2 v + (1-b2) G^2)"};
    const double sqrt_bc2 = std::sqrt(bc2);
    for (std::size_t i = 0; i < n; ++i) {
      const double p = inst.args[0].init[i], g = inst.args[1].init[i], m = inst.args[2].init[i],
                   v = inst.args[3].init[i];
      const double g_eff = l2 ? g + q.weight_decay * p : g;
      const double g_mag = std::fabs(g) + (l2 ? q.weight_decay * std::fabs(p) : 0);
      const double m_new = q.beta1 * m + (1 - q.beta1) * g_eff;
      const double m_mag = q.beta1 * std::fabs(m) + (1 - q.beta1) * g_mag;
      const double v_new = q.beta2 * v + (1 - q.beta2) * g_eff * g_eff;
      const double dv = rel * (q.beta2 * v + (1 - q.beta2) * g_mag * g_mag);
      const double root = std::sqrt(v_new);
      const double d_root = v_new > 0 ? std::min(dv / (2 * root), std::sqrt(dv)) : std::sqrt(dv);
      const double denom = pytorch ? root / sqrt_bc2 + q.eps : root + q.eps;
      const double d_denom = (pytorch ? d_root / sqrt_bc2 : d_root) + rel * denom;
      const double through_denom = denom > d_denom ? lr_eff * std::fabs(m_new) * d_denom / (denom * (denom - d_denom))
                                                   : std::numeric_limits<double>::infinity();
      const double p_mag = std::fabs(p) * (decoupled ? 1 + q.lr * q.weight_decay : 1) + lr_eff * m_mag / denom;
      tp.abs[i] = rel * p_mag + through_denom + floor;
      tm.abs[i] = rel * m_mag + floor;
      tv.abs[i] = dv + floor;
      // Special values: a NaN bound (inf - inf in the magnitudes) allows any finite value; the
      // infinities and NaNs themselves must still match (within_tolerance).
      for (Tolerance* bound : {&tp, &tm, &tv})
        if (std::isnan(bound->abs[i])) bound->abs[i] = std::numeric_limits<double>::infinity();
    }
    return {tp, tm, tv};
  }
};

}  // namespace cnnkit::test::equiv

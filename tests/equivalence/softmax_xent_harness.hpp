// Equivalence harness of softmax cross-entropy (probability-row and class-index labels, with and
// without the gradient, ordinary and large logits).
//
// Tolerances (relative, documented here because exp/log admit no exact comparison):
//   loss:        |diff| <= (classes + rows + 16) * eps * S,
//                S = (1/rows) sum_ij |label_ij| * (|x_ij - max_i| + lse_i + 1)
//                (the magnitudes of the terms summed, lse_i = log sum_j exp(x_ij - max_i));
//   dlogits_ij:  |diff| <= (classes + 16 + |x_ij - max_i|) * eps * (p_ij |sum_k label_ik| + |label_ij|) / rows
//                + the smallest normal number (p_ij may underflow differently).
// The |x - max| factor is the error x - max carries into exp(x - max) when it is not exact.
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "equivalence_driver.hpp"
#include "ops/softmax_xent/softmax_xent_problem.hpp"

namespace cnnkit::test::equiv {

struct SoftmaxCase {
  std::string name;
  ops::SoftmaxXentProblem problem;  // as softmax_cross_entropy builds it
  bool large_logits;                // rows offset by +-(100..1000): exp(x) overflows without the max shift
  bool misaligned;
  // Index labels only: about a quarter of each row's other classes at -inf (a finite loss; the
  // gradient there is exactly 0).
  bool neg_inf_logits = false;
  // Non-finite values in row 1 (see SoftmaxSpecial); every variant must give the reference's
  // infinities and NaNs, element by element.
  int special = 0;
};

// What a special case puts into its row 1 (two classes j0 != j1 drawn at random).
enum SoftmaxSpecial : int {
  kNoSpecial = 0,
  kGapAndInfiniteLabel,  // x[j0] += gap (the others' exp subnormal, lse 0) and l[j1] = -inf (the case)
  kGapAndPositiveInfLabel,  // the same with l[j1] = +inf
  kInfiniteLabels,       // l[j0] = +inf, l[j1] = -inf (the label sum is NaN)
  kNaNLabel,             // l[j0] = NaN
  kNegInfLogit,          // x[j0] = -inf (label kept: 0 * -inf where it is 0)
  kPosInfLogit,          // x[j0] = +inf (inf - inf: the row is NaN)
  kNaNLogit,             // x[j0] = NaN with a payload
  kHugeLogits,           // x[j0] = max, x[j1] = -max (x - max overflows to -inf)
  kTinyLabels,           // l[j0] = -0, l[j1] = the smallest subnormal, and a gap (subnormal exps)
  kSpecialCount
};

// (rows, classes) from kChannels by rotation (classes = 1 included); the eight combinations of
// label kind, gradient and logit range spread over them.
std::vector<SoftmaxCase> softmax_cases(Sweep sweep);

template <>
struct Harness<ops::SoftmaxXentOp> {
  using Op = ops::SoftmaxXentOp;
  using Case = SoftmaxCase;
  static std::vector<Case> cases(Sweep sweep) { return softmax_cases(sweep); }

  template <class T>
  static Instance<T> make(const Case& c, RandomFill& rng) {
    const auto& p = c.problem;
    Instance<T> inst;
    inst.misaligned = c.misaligned;
    inst.args.push_back(make_arg<T>("logits", Role::input, {p.rows, p.classes}, "ij"));
    if (!p.index_labels) inst.args.push_back(make_arg<T>("labels", Role::input, {p.rows, p.classes}, "ij"));
    inst.args.push_back(make_arg<T>("loss", Role::output, {1}, "i"));
    if (p.want_grad) inst.args.push_back(make_arg<T>("dlogits", Role::output, {p.rows, p.classes}, "ij"));

    auto& logits = inst.args[0].init;
    std::uniform_real_distribution<double> offset(100, 1000), spread(-30, 30), normal(-4, 4);
    std::bernoulli_distribution negative(0.5);
    for (std::int64_t i = 0; i < p.rows; ++i) {
      const double base = c.large_logits ? (negative(rng.engine()) ? -1 : 1) * offset(rng.engine()) : 0.0;
      for (std::int64_t j = 0; j < p.classes; ++j)
        logits[static_cast<std::size_t>(i * p.classes + j)] =
            static_cast<T>(base + (c.large_logits ? spread(rng.engine()) : normal(rng.engine())));
    }
    if (p.index_labels) {
      std::uniform_int_distribution<std::int64_t> cls(0, p.classes - 1);
      std::bernoulli_distribution masked(0.25);
      for (std::int64_t i = 0; i < p.rows; ++i) {
        inst.labels.push_back(cls(rng.engine()));
        if (c.neg_inf_logits)
          for (std::int64_t j = 0; j < p.classes; ++j)
            if (j != inst.labels.back() && masked(rng.engine()))
              logits[static_cast<std::size_t>(i * p.classes + j)] = -std::numeric_limits<T>::infinity();
      }
    } else {
      // Random rows that need not sum to 1 (as seed 002 feeds), with some zeros.
      std::uniform_real_distribution<double> u(0, 1);
      for (auto& l : inst.args[1].init) {
        const double r = u(rng.engine());
        l = static_cast<T>(r < 0.1 ? 0.0 : r);
      }
    }
    if (c.special != kNoSpecial) add_special_row(c, rng, inst);
    return inst;
  }

  template <class T>
  static void add_special_row(const Case& c, RandomFill& rng, Instance<T>& inst) {
    const auto& p = c.problem;
    const std::int64_t i = p.rows > 1 ? 1 : 0;
    std::uniform_int_distribution<std::int64_t> cls(0, p.classes - 1);
    const std::int64_t j0 = cls(rng.engine());
    std::int64_t j1 = cls(rng.engine());
    if (j1 == j0) j1 = (j0 + 1) % p.classes;
    T* x = inst.args[0].init.data() + i * p.classes;
    T* l = p.index_labels ? nullptr : inst.args[1].init.data() + i * p.classes;
    const T inf = std::numeric_limits<T>::infinity();
    // exp(-gap) is subnormal: float e^-100, double e^-740.
    const T gap = sizeof(T) == 4 ? T(100) : T(740);
    switch (c.special) {
      case kGapAndInfiniteLabel:
      case kGapAndPositiveInfLabel:
        x[j0] += gap;
        if (l) l[j1] = c.special == kGapAndInfiniteLabel ? -inf : inf;
        break;
      case kInfiniteLabels:
        if (l) l[j0] = inf, l[j1] = -inf;
        break;
      case kNaNLabel:
        if (l) l[j0] = std::numeric_limits<T>::quiet_NaN();
        break;
      case kNegInfLogit: x[j0] = -inf; break;
      case kPosInfLogit: x[j0] = inf; break;
      case kNaNLogit: x[j0] = -std::numeric_limits<T>::quiet_NaN(); break;
      case kHugeLogits: x[j0] = std::numeric_limits<T>::max(), x[j1] = -std::numeric_limits<T>::max(); break;
      case kTinyLabels:
        x[j0] += gap;
        if (l) l[j0] = T(-0.0), l[j1] = std::numeric_limits<T>::denorm_min();
        break;
      default: break;
    }
  }

  template <class T>
  static void call(typename Op::template Fn<T>* fn, const Case& c, std::span<T* const> a, const std::int64_t* labels,
                   const core::Exec& exec) {
    const auto& p = c.problem;
    std::size_t k = 1;
    const T* prob_labels = p.index_labels ? nullptr : a[k++];
    T* loss = a[k++];
    T* dlogits = p.want_grad ? a[k++] : nullptr;
    fn(p, a[0], prob_labels, p.index_labels ? labels : nullptr, loss, dlogits, exec);
  }

  template <class T>
  static std::vector<Tolerance> tolerances(const Case& c, const Instance<T>& inst) {
    const auto& p = c.problem;
    const double eps = std::numeric_limits<T>::epsilon();
    const auto& x = inst.args[0].init;
    const auto label = [&](std::int64_t i, std::int64_t j) -> double {
      if (p.index_labels) return inst.labels[static_cast<std::size_t>(i)] == j ? 1.0 : 0.0;
      return static_cast<double>(inst.args[1].init[static_cast<std::size_t>(i * p.classes + j)]);
    };
    double loss_scale = 0;
    Tolerance grad{false, std::vector<double>(static_cast<std::size_t>(p.rows * p.classes)), ""};
    for (std::int64_t i = 0; i < p.rows; ++i) {
      const auto row = [&](std::int64_t j) { return static_cast<double>(x[static_cast<std::size_t>(i * p.classes + j)]); };
      double max = row(0), sum_exp = 0, label_sum = 0;
      for (std::int64_t j = 1; j < p.classes; ++j) max = std::max(max, row(j));
      for (std::int64_t j = 0; j < p.classes; ++j) sum_exp += std::exp(row(j) - max), label_sum += label(i, j);
      const double lse = std::log(sum_exp);
      for (std::int64_t j = 0; j < p.classes; ++j) {
        const double gap = std::fabs(row(j) - max);
        if (label(i, j) != 0) loss_scale += std::fabs(label(i, j)) * (gap + lse + 1);
        const double prob = std::exp(row(j) - max) / sum_exp;
        // A -inf logit (gap inf, prob 0) with a zero label has the exact gradient 0.
        const double magnitude = prob * std::fabs(label_sum) + std::fabs(label(i, j));
        grad.abs[static_cast<std::size_t>(i * p.classes + j)] =
            (magnitude == 0 ? 0 : (static_cast<double>(p.classes) + 16 + gap) * eps * magnitude / static_cast<double>(p.rows)) +
            std::numeric_limits<T>::min();
      }
    }
    loss_scale /= static_cast<double>(p.rows);
    Tolerance loss{false, {(static_cast<double>(p.classes + p.rows) + 16) * eps * loss_scale}, ""};
    // Special rows: a NaN bound (0 * inf in the magnitudes) allows any finite value; infinities
    // and NaN still have to match exactly (within_tolerance).
    for (double& t : grad.abs)
      if (std::isnan(t)) t = std::numeric_limits<double>::infinity();
    if (std::isnan(loss.abs[0])) loss.abs[0] = std::numeric_limits<double>::infinity();
    loss.rule = "(classes + rows + 16) * eps * mean_i sum_j |l_ij| (|x_ij - max_i| + lse_i + 1)";
    grad.rule = "(classes + 16 + |x - max|) * eps * (p |sum l| + |l|) / rows";
    if (p.want_grad) return {loss, grad};
    return {loss};
  }
};

}  // namespace cnnkit::test::equiv

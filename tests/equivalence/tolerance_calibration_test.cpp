// Calibration of the real-data tolerances: they must accept every valid way of computing an op
// (another summation order, FMA, wider accumulators, a reciprocal instead of a division,
// double-precision internals) and reject realistic subtle bugs exactly where those show. Each
// alternative is planted next to the real list and judged by the driver like any variant.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "all_harnesses.hpp"
#include "ops/conv2d/conv2d_window.hpp"
#include "ops/nhwc_index.hpp"
#include "ops/pool2d/pool2d_window.hpp"

namespace cnnkit::test::equiv {
namespace {

// The cases a tolerance is calibrated on: those with finite data. The softmax and Adam cases with
// infinities and NaNs check the non-finite rule (the reference's terms), which the planted
// alternatives (valid regroupings for finite data) need not follow.
template <class Case>
bool calibrated(const Case&) {
  return true;
}
bool calibrated(const SoftmaxCase& c) { return c.special == kNoSpecial; }
bool calibrated(const AdamCase& c) { return !c.specials; }

// Runs the driver on every calibrated standard case of Op for the planted entry; returns the
// names of the cases it failed (skips are not expected here).
template <class Op, class T>
std::vector<std::string> failing_cases(const core::Variant<Op, T>& planted) {
  const auto real = core::variants_of<Op, T>();
  std::vector<core::Variant<Op, T>> list(real.begin(), real.end());
  list.push_back(planted);
  std::vector<std::string> failed;
  for (const auto& c : Harness<Op>::cases(Sweep::standard)) {
    if (!calibrated(c)) continue;
    const VariantResult r = check_variant<Op, T>(std::span<const core::Variant<Op, T>>(list), list.back(), c, 99);
    EXPECT_FALSE(r.skipped()) << r.summary();
    EXPECT_FALSE(r.guard_damaged || r.input_modified || r.unwritten) << c.name << "\n" << r.summary();
    if (r.failed()) failed.push_back(c.name);
  }
  return failed;
}

// The failures must be exactly the cases where the bug shows.
template <class Op, class T>
void expect_failures_exactly(const core::Variant<Op, T>& planted,
                             const std::function<bool(const typename Harness<Op>::Case&)>& shows) {
  std::vector<std::string> expected;
  for (const auto& c : Harness<Op>::cases(Sweep::standard))
    if (calibrated(c) && shows(c)) expected.push_back(c.name);
  const std::vector<std::string> failed = failing_cases<Op, T>(planted);
  EXPECT_EQ(failed, expected) << planted.name;
}

// Where whether a bug shows depends on the drawn data: it must fail where it certainly shows and
// pass where it certainly cannot; other cases are not constrained.
template <class Op, class T>
void expect_failures_bracketed(const core::Variant<Op, T>& planted,
                               const std::function<bool(const typename Harness<Op>::Case&)>& must_fail,
                               const std::function<bool(const typename Harness<Op>::Case&)>& must_pass) {
  const std::vector<std::string> failed = failing_cases<Op, T>(planted);
  int constrained = 0;
  for (const auto& c : Harness<Op>::cases(Sweep::standard)) {
    if (!calibrated(c)) continue;
    const bool did_fail = std::find(failed.begin(), failed.end(), c.name) != failed.end();
    if (must_fail(c)) {
      ++constrained;
      EXPECT_TRUE(did_fail) << planted.name << " passed " << c.name;
    }
    if (must_pass(c)) {
      ++constrained;
      EXPECT_FALSE(did_fail) << planted.name << " failed " << c.name;
    }
  }
  EXPECT_GT(constrained, 0);
}

template <class Op, class T>
void expect_passes_everywhere(const core::Variant<Op, T>& planted) {
  const std::vector<std::string> failed = failing_cases<Op, T>(planted);
  EXPECT_TRUE(failed.empty()) << planted.name << " failed " << failed.size() << " case(s), first " << (failed.empty() ? "" : failed[0]);
}

// ---- convolution ----------------------------------------------------------------------------------
enum class ConvFlavor { reverse_fma, double_accumulator, drops_bias, drops_last_channel };

template <class T, ConvFlavor F>
void conv_alternative(const ops::Conv2dProblem& p, const T* x, const T* w, const T* b, T* y, const core::Exec&) {
  using Acc = std::conditional_t<F == ConvFlavor::double_accumulator, double, T>;
  const std::int64_t cig = p.c_in_per_group(), cog = p.c_out_per_group();
  // The channel-tail bug: the last input channel of a group is dropped when there are several.
  const std::int64_t c_used = F == ConvFlavor::drops_last_channel && cig > 1 ? cig - 1 : cig;
  for (std::int64_t n = 0; n < p.y.n; ++n)
    for (std::int64_t oh = 0; oh < p.y.h; ++oh)
      for (std::int64_t ow = 0; ow < p.y.w; ++ow)
        for (std::int64_t o = 0; o < p.y.c; ++o) {
          const std::int64_t g = o / cog;
          Acc z = 0;
          for (std::int64_t i = p.w.kh; i-- > 0;)  // taps in reverse order
            for (std::int64_t j = p.w.kw; j-- > 0;) {
              const std::int64_t ih = ops::input_row(p, oh, i), iw = ops::input_col(p, ow, j);
              if (ih < 0 || ih >= p.x.h || iw < 0 || iw >= p.x.w) continue;
              for (std::int64_t c = c_used; c-- > 0;)
                z = std::fma(Acc(x[ops::offset(p.x, n, ih, iw, g * cig + c)]), Acc(w[ops::offset(p.w, i, j, c, o)]), z);
            }
          if (b && F != ConvFlavor::drops_bias) z += b[o];
          y[ops::offset(p.y, n, oh, ow, o)] = static_cast<T>(z);
        }
}

template <class T>
void conv_calibration() {
  using V = core::Variant<ops::Conv2dFwdOp, T>;
  const auto entry = [](const char* name, auto fn) { return V{name, Isa::scalar, Threading::serial, nullptr, fn}; };
  expect_passes_everywhere(entry("conv2d_fwd.reverse_fma", &conv_alternative<T, ConvFlavor::reverse_fma>));
  expect_passes_everywhere(entry("conv2d_fwd.double_acc", &conv_alternative<T, ConvFlavor::double_accumulator>));
  // A dropped bias shows wherever there is one (certainly with real data or enough channels:
  // a few small-integer biases may all be 0).
  expect_failures_bracketed<ops::Conv2dFwdOp, T>(
      entry("conv2d_fwd.drops_bias", &conv_alternative<T, ConvFlavor::drops_bias>),
      [](const ConvCase& c) { return c.problem.has_bias && (c.data == Data::reals || c.problem.y.c >= 8); },
      [](const ConvCase& c) { return !c.problem.has_bias; });
  // Dropping the last input channel of each group shows wherever a group has several (certainly
  // with real data: small-integer products can all be 0 on a tiny output).
  expect_failures_bracketed<ops::Conv2dFwdOp, T>(
      entry("conv2d_fwd.drops_channel", &conv_alternative<T, ConvFlavor::drops_last_channel>),
      [](const ConvCase& c) { return c.problem.c_in_per_group() > 1 && c.data == Data::reals; },
      [](const ConvCase& c) { return c.problem.c_in_per_group() == 1; });
}

TEST(ToleranceCalibration, ConvolutionF32) { conv_calibration<float>(); }
TEST(ToleranceCalibration, ConvolutionF64) { conv_calibration<double>(); }

// ---- dense: pairwise summation --------------------------------------------------------------------
template <class T>
T pairwise(const T* x, const T* w, std::int64_t stride, std::int64_t n) {
  if (n <= 2) {
    T s = 0;
    for (std::int64_t k = 0; k < n; ++k) s += x[k] * w[k * stride];
    return s;
  }
  const std::int64_t half = n / 2;
  return pairwise(x, w, stride, half) + pairwise(x + half, w + half * stride, stride, n - half);
}

template <class T>
void dense_pairwise(const ops::DenseProblem& p, const T* x, const T* w, const T* b, T* y, const core::Exec&) {
  for (std::int64_t i = 0; i < p.m; ++i)
    for (std::int64_t j = 0; j < p.n_out; ++j) {
      const T z = pairwise(x + i * p.n_in, w + j, p.n_out, p.n_in);
      y[i * p.n_out + j] = b ? b[j] + z : z;
    }
}

TEST(ToleranceCalibration, DensePairwiseSummation) {
  expect_passes_everywhere(core::Variant<ops::DenseFwdOp, float>{"dense_fwd.pairwise", Isa::scalar, Threading::serial,
                                                                  nullptr, &dense_pairwise<float>});
  expect_passes_everywhere(core::Variant<ops::DenseFwdOp, double>{"dense_fwd.pairwise", Isa::scalar, Threading::serial,
                                                                   nullptr, &dense_pairwise<double>});
}

// ---- average pooling: reverse sum times a reciprocal ---------------------------------------------
// Valid to rounding, but pooling promises the reference's bits (README): the driver must reject it
// on real-valued averages (max pooling passes through to the reference).
template <class T>
void pool_reciprocal(const ops::Pool2dProblem& p, const T* x, T* y, const core::Exec& e) {
  if (p.params.mode == PoolMode::max) {
    core::variants_of<ops::Pool2dFwdOp, T>().back().run(p, x, y, e);
    return;
  }
  for (std::int64_t n = 0; n < p.y.n; ++n)
    for (std::int64_t oh = 0; oh < p.y.h; ++oh)
      for (std::int64_t ow = 0; ow < p.y.w; ++ow) {
        const ops::PoolWindow win = ops::pool_window(p, oh, ow);
        const T scale = T(1) / static_cast<T>(win.divisor);
        for (std::int64_t c = 0; c < p.y.c; ++c) {
          T sum = 0;
          for (std::int64_t h = win.h_end; h-- > win.h_begin;)
            for (std::int64_t w = win.w_end; w-- > win.w_begin;) sum += x[ops::offset(p.x, n, h, w, c)];
          y[ops::offset(p.y, n, oh, ow, c)] = sum * scale;
        }
      }
}

template <class T>
void expect_reciprocal_rejected() {
  expect_failures_bracketed<ops::Pool2dFwdOp, T>(
      core::Variant<ops::Pool2dFwdOp, T>{"pool2d_fwd.reciprocal", Isa::scalar, Threading::serial, nullptr,
                                         &pool_reciprocal<T>},
      [](const PoolCase& c) {
        // Reversed sums of 4+ reals over 64+ outputs: some element rounds differently.
        const Pool2dParams& q = c.problem.params;
        return q.mode == PoolMode::avg && c.data == Data::reals && q.kernel_h * q.kernel_w >= 4 &&
               element_count(c.problem.y) >= 64;
      },
      [](const PoolCase& c) { return c.problem.params.mode == PoolMode::max; });
}

TEST(ToleranceCalibration, AveragePoolingWithAReciprocalIsNotBitwise) {
  expect_reciprocal_rejected<float>();
  expect_reciprocal_rejected<double>();
}

// ---- softmax cross-entropy ------------------------------------------------------------------------
enum class SoftmaxFlavor { double_internals, approximate_exp_log, no_max_shift, ignores_label_sum };

template <class T, SoftmaxFlavor F>
void softmax_alternative(const ops::SoftmaxXentProblem& p, const T* logits, const T* prob_labels,
                         const std::int64_t* index_labels, T* loss, T* dlogits, const core::Exec&) {
  // Internals in double (the valid flavour) or in T (the buggy ones, bugs as named).
  using R = std::conditional_t<F == SoftmaxFlavor::double_internals, double, T>;
  // A vectorised exp / log is typically off by a few ulps: model 4 and 3.
  constexpr R kExpError = F == SoftmaxFlavor::approximate_exp_log ? 4 * std::numeric_limits<R>::epsilon() : 0;
  constexpr R kLogError = F == SoftmaxFlavor::approximate_exp_log ? 3 * std::numeric_limits<R>::epsilon() : 0;
  const auto exp_ = [&](R v) { return std::exp(v) * (1 + kExpError); };
  const auto log_ = [&](R v) { return std::log(v) * (1 - kLogError); };
  const std::int64_t k = p.classes;
  R total = 0;
  for (std::int64_t i = 0; i < p.rows; ++i) {
    const T* x = logits + i * k;
    R shift = x[0];
    for (std::int64_t j = 1; j < k; ++j) shift = std::max<R>(shift, x[j]);
    if (F == SoftmaxFlavor::no_max_shift) shift = 0;
    const auto label = [&](std::int64_t j) -> R {
      return prob_labels ? R(prob_labels[i * k + j]) : R(index_labels[i] == j ? 1 : 0);
    };
    R sum_exp = 0, label_sum = 0, label_dot = 0;
    for (std::int64_t j = 0; j < k; ++j) {
      sum_exp += exp_(R(x[j]) - shift);
      label_sum += label(j);
      // Zero labels add nothing (the -inf logits of the index-label cases: no 0 * -inf).
      if (label(j) != 0) label_dot += label(j) * (R(x[j]) - shift);
    }
    total += label_sum * log_(sum_exp) - label_dot;  // the same loss, regrouped
    if (dlogits)
      for (std::int64_t j = 0; j < k; ++j) {
        const R prob = exp_(R(x[j]) - shift) / sum_exp;
        const R g = F == SoftmaxFlavor::ignores_label_sum ? prob - label(j) : prob * label_sum - label(j);
        dlogits[i * k + j] = static_cast<T>(g / R(p.rows));
      }
  }
  *loss = static_cast<T>(total / R(p.rows));
}

template <class T>
void softmax_calibration() {
  using V = core::Variant<ops::SoftmaxXentOp, T>;
  const auto entry = [](const char* name, auto fn) { return V{name, Isa::scalar, Threading::serial, nullptr, fn}; };
  expect_passes_everywhere(entry("softmax_xent.double", &softmax_alternative<T, SoftmaxFlavor::double_internals>));
  expect_passes_everywhere(entry("softmax_xent.approx", &softmax_alternative<T, SoftmaxFlavor::approximate_exp_log>));
  // Without the shift, exp overflows in float on every large-logit case (offsets >= 100); in
  // double only offsets above ~700 overflow, and smaller ones lose accuracy in the cancellation,
  // depending on the drawn offsets. Ordinary logits are unaffected.
  expect_failures_bracketed<ops::SoftmaxXentOp, T>(
      entry("softmax_xent.no_shift", &softmax_alternative<T, SoftmaxFlavor::no_max_shift>),
      [](const SoftmaxCase& c) { return c.large_logits && sizeof(T) == 4; },
      [](const SoftmaxCase& c) { return !c.large_logits; });
  // p - l is right only when each label row sums to 1 (class indices).
  expect_failures_exactly<ops::SoftmaxXentOp, T>(
      entry("softmax_xent.no_label_sum", &softmax_alternative<T, SoftmaxFlavor::ignores_label_sum>),
      [](const SoftmaxCase& c) { return c.problem.want_grad && !c.problem.index_labels; });
}

TEST(ToleranceCalibration, SoftmaxF32) { softmax_calibration<float>(); }
TEST(ToleranceCalibration, SoftmaxF64) { softmax_calibration<double>(); }

// ---- Adam -------------------------------------------------------------------------------------------
enum class AdamFlavor { double_internals, step_off_by_one, uncorrected_eps };

template <class T, AdamFlavor F>
void adam_alternative(const ops::AdamProblem& p, T* param, const T* grad, T* m, T* v, const core::Exec&) {
  const AdamParams& a = p.params;
  const double t = static_cast<double>(a.step) + (F == AdamFlavor::step_off_by_one ? 1 : 0);
  const double bc1 = 1 - std::pow(a.beta1, t), bc2 = 1 - std::pow(a.beta2, t);
  for (std::int64_t i = 0; i < p.count; ++i) {
    double pi = param[i], g = grad[i];
    if (a.weight_decay != 0) {
      if (a.decoupled_weight_decay)
        pi *= 1 - a.lr * a.weight_decay;
      else
        g += a.weight_decay * pi;
    }
    const double mi = a.beta1 * m[i] + (1 - a.beta1) * g, vi = a.beta2 * v[i] + (1 - a.beta2) * g * g;
    double update;
    if (a.style == AdamStyle::pytorch) {
      const double denom = F == AdamFlavor::uncorrected_eps ? (std::sqrt(vi) + a.eps) / std::sqrt(bc2)
                                                            : std::sqrt(vi) / std::sqrt(bc2) + a.eps;
      update = a.lr / bc1 * mi / denom;
    } else {
      update = a.lr * std::sqrt(bc2) / bc1 * mi / (std::sqrt(vi) + a.eps);
    }
    param[i] = static_cast<T>(pi - update);
    m[i] = static_cast<T>(mi);
    v[i] = static_cast<T>(vi);
  }
}

template <class T>
void adam_calibration() {
  using V = core::Variant<ops::AdamOp, T>;
  const auto entry = [](const char* name, auto fn) { return V{name, Isa::scalar, Threading::serial, nullptr, fn}; };
  expect_passes_everywhere(entry("adam.double", &adam_alternative<T, AdamFlavor::double_internals>));
  // A wrong step count changes the bias corrections by percents at small t; at t = 1000 only
  // beta2's by 0.1%, which shows or not depending on the drawn moments. (With fewer than 8
  // elements all the first moments may be 0 -- 10% zero gradients times 10% zero moments.)
  expect_failures_bracketed<ops::AdamOp, T>(
      entry("adam.step_plus_one", &adam_alternative<T, AdamFlavor::step_off_by_one>),
      [](const AdamCase& c) { return c.problem.params.step < 100 && c.problem.count >= 8; },
      [](const AdamCase&) { return false; });
  // eps left out of the bias correction shows when eps is not negligible next to sqrt(v): always
  // with a large eps, always in double, in float where some element has v near 0 (data-dependent);
  // never in the TF1 style, which has no such correction.
  expect_failures_bracketed<ops::AdamOp, T>(
      entry("adam.uncorrected_eps", &adam_alternative<T, AdamFlavor::uncorrected_eps>),
      [](const AdamCase& c) {
        return c.problem.params.style == AdamStyle::pytorch && c.problem.count >= 8 &&
               (c.problem.params.eps >= 0.01 || sizeof(T) == 8);
      },
      [](const AdamCase& c) { return c.problem.params.style == AdamStyle::tensorflow1; });
}

TEST(ToleranceCalibration, AdamF32) { adam_calibration<float>(); }
TEST(ToleranceCalibration, AdamF64) { adam_calibration<double>(); }

}  // namespace
}  // namespace cnnkit::test::equiv

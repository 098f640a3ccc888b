// The softmax cross-entropy shape sweep, and a check that -inf logits give a finite loss.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "softmax_xent_harness.hpp"

namespace cnnkit::test::equiv {

std::vector<SoftmaxCase> softmax_cases(Sweep sweep) {
  std::vector<SoftmaxCase> cases;
  const std::size_t nc = kChannels.size();
  std::size_t combo = 0;  // bit 0: index labels, bit 1: gradient, bit 2: large logits
  const auto add = [&](std::int64_t rows, std::int64_t classes) {
    const bool index = combo & 1, grad = combo & 2, large = combo & 4;
    const bool misaligned = combo % 3 == 1;  // independent of the 8-combination cycle
    ++combo;
    cases.push_back({name_of("rows", rows, "_classes", classes, index ? "_indexlabels" : "_problabels",
                             grad ? "_grad" : "_lossonly", large ? "_large" : "_normal", misaligned ? "_ua" : ""),
                     ops::SoftmaxXentProblem{rows, classes, index, grad}, large, misaligned});
  };
  for (std::size_t i = 0; i < nc; ++i) {
    add(kChannels[i], kChannels[(i + 5) % nc]);
    add(kChannels[(i + 3) % nc], kChannels[i]);
  }
  // Every vector tail of 16 float / 8 double lanes (and 4 / 2 / 8 / 4 of the narrower tiers), in
  // each of the eight combinations of label kind, gradient and logit range.
  // (combo runs on: it is a multiple of 8 here, and 8 cases per count rotate the alignment.)
  for (std::int64_t classes : {1, 2, 7, 8, 9, 15, 16, 17, 33})
    for (int k = 0; k < 8; ++k) add(5, classes);
  // Enough row chunks (8 rows each) that threaded variants split at 2, 3 and 7 threads.
  for (int k = 0; k < 8; ++k) add(61, 37);
  // Index labels with -inf logits in other classes: finite loss, exact zero gradient there.
  for (std::size_t index_grad : {3, 7, 11}) {  // normal / large logits, aligned / misaligned
    combo = index_grad;
    add(19, static_cast<std::int64_t>(index_grad) * 4 + 5);
    cases.back().name += "_neginf";
    cases.back().neg_inf_logits = true;
  }
  // Gradients of 2 MiB and more go out with non-temporal stores (softmax_xent_drivers.cpp): odd
  // class counts start rows at every alignment (the aligned-head peel).
  combo = 7;  // index labels, gradient, large logits, misaligned
  add(67, 8195);
  combo = 2;  // probability rows, gradient, aligned
  add(33, 16411);
  // Non-finite labels and logits in row 1 of three (rows 0 and 2 ordinary): every kind with
  // probability rows and the gradient, 37 classes (a tail on every tier); the logit kinds with
  // class indices too.
  for (int special = kNoSpecial + 1; special < kSpecialCount; ++special)
    for (bool index : {false, true}) {
      if (index && special < kNegInfLogit && special != kGapAndInfiniteLabel) continue;
      combo = index ? 3 : 2;  // gradient, normal logits, aligned
      add(3, 37);
      cases.back().name += name_of("_special", special);
      cases.back().special = special;
    }
  if (sweep == Sweep::large) {
    for (std::size_t i = 0; i < nc; ++i)
      for (std::size_t j = 0; j < nc; ++j) add(kChannels[i], kChannels[j]);
    add(512, 1000);
    add(64, 10000);
  }
  return cases;
}

}  // namespace cnnkit::test::equiv

namespace cnnkit::test::equiv {
namespace {

// Index labels with -inf logits in other classes: every variant's loss is finite and the
// gradient there is 0. (The equivalence compare alone would let two NaN losses pass.)
template <class T>
void expect_finite_loss_with_neg_inf_logits() {
  const ops::SoftmaxXentProblem p{3, 37, true, true};
  std::vector<T> logits(3 * 37), dlogits(3 * 37);
  for (std::size_t j = 0; j < logits.size(); ++j)
    logits[j] = j % 3 == 0 ? -std::numeric_limits<T>::infinity() : static_cast<T>(j % 7) - 3;
  const std::int64_t labels[] = {1, 4, 35};  // (row * 37 + label) % 3 != 0: finite logits
  const core::Exec exec{ThreadingPolicy::automatic, 2, true};
  for (const auto& v : core::variants_of<ops::SoftmaxXentOp, T>()) {
    if (v.isa > detected_isa() || (v.declines && v.declines(p, exec))) continue;
    T loss = std::numeric_limits<T>::quiet_NaN();
    v.run(p, logits.data(), nullptr, labels, &loss, dlogits.data(), exec);
    EXPECT_TRUE(std::isfinite(loss)) << v.name << ": loss " << loss;
    for (std::size_t j = 0; j < logits.size(); ++j)
      if (std::isinf(logits[j])) {
        EXPECT_EQ(dlogits[j], T(0)) << v.name << ": dlogits[" << j << "]";
      }
  }
}

TEST(SoftmaxXentNegInf, IndexLabelLossIsFinite) {
  expect_finite_loss_with_neg_inf_logits<float>();
  expect_finite_loss_with_neg_inf_logits<double>();
}

}  // namespace
}  // namespace cnnkit::test::equiv

namespace cnnkit::test::equiv {
namespace {

// The reproducer: logits {g, 0, 0, 0} with exp(-g) subnormal (float g = 100, double 740),
// labels {1, -inf, 0, 0}. The reference's terms: lse = log(1 + 3 exp(-g)) = 0 exactly, loss =
// -(1 * (0 - 0)) - (-inf * (-g - 0)) = -inf; gradient (p_j * sum(l) - l_j) with sum(l) = -inf:
// p_0 = 1 gives -inf, p_1 * -inf + inf = NaN, and the subnormal p_2, p_3 give -inf (a flushed
// exp would give 0 * -inf = NaN). Every variant must give these.
template <class T>
void expect_reference_infinities() {
  const ops::SoftmaxXentProblem p{1, 4, false, true};
  const T inf = std::numeric_limits<T>::infinity();
  const T logits[] = {sizeof(T) == 4 ? T(100) : T(740), 0, 0, 0};
  const T labels[] = {1, -inf, 0, 0};
  const core::Exec exec{ThreadingPolicy::automatic, 2, true};
  for (const auto& v : core::variants_of<ops::SoftmaxXentOp, T>()) {
    if (v.isa > detected_isa() || (v.declines && v.declines(p, exec))) continue;
    T loss = 0, dlogits[4] = {};
    v.run(p, logits, labels, nullptr, &loss, dlogits, exec);
    EXPECT_EQ(loss, -inf) << v.name;
    EXPECT_EQ(dlogits[0], -inf) << v.name;
    EXPECT_TRUE(std::isnan(dlogits[1])) << v.name << ": " << dlogits[1];
    EXPECT_EQ(dlogits[2], -inf) << v.name;
    EXPECT_EQ(dlogits[3], -inf) << v.name;
  }
}

TEST(SoftmaxXentNonFinite, InfiniteLabelGivesTheReferencesInfinities) {
  expect_reference_infinities<float>();
  expect_reference_infinities<double>();
}

}  // namespace
}  // namespace cnnkit::test::equiv

// The sweep is part of the test's strength, so its coverage is asserted rather than assumed:
// every channel count in every role, every geometry feature the brief names, aligned and
// unaligned buffers, and test names GoogleTest filters can match.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "all_harnesses.hpp"

namespace cnnkit::test::equiv {
namespace {

bool covers_channels(const std::set<std::int64_t>& seen) {
  return std::all_of(kChannels.begin(), kChannels.end(), [&](std::int64_t c) { return seen.count(c) > 0; });
}

template <class Cases, class Pred>
bool any(const Cases& cases, Pred pred) {
  return std::any_of(cases.begin(), cases.end(), pred);
}

TEST(SweepCoverage, EveryOpHasUniqueSafeNamesAndBothAlignments) {
  core::for_each_op([](auto traits) {
    using Op = decltype(traits);
    const auto cases = Harness<Op>::cases(Sweep::standard);
    const char* op = to_string(Op::id);
    ASSERT_FALSE(cases.empty()) << op;
    std::set<std::string> names;
    for (const auto& c : cases) {
      EXPECT_EQ(sanitize_name(c.name), c.name) << op;
      EXPECT_TRUE(names.insert(c.name).second) << op << ": duplicate case " << c.name;
    }
    EXPECT_TRUE(any(cases, [](const auto& c) { return c.misaligned; })) << op;
    EXPECT_TRUE(any(cases, [](const auto& c) { return !c.misaligned; })) << op;
    EXPECT_GT(Harness<Op>::cases(Sweep::large).size(), cases.size()) << op;
  });
}

TEST(SweepCoverage, ConvolutionCoversChannelsAndGeometry) {
  const auto cases = conv_cases(Sweep::standard, true);
  std::set<std::int64_t> c_in, c_out, strides;
  for (const auto& c : cases) {
    if (c.problem.groups() != 1) continue;
    c_in.insert(c.problem.x.c);
    c_out.insert(c.problem.y.c);
  }
  for (const auto& c : cases) strides.insert({c.problem.params.stride_h, c.problem.params.stride_w});
  EXPECT_TRUE(covers_channels(c_in));
  EXPECT_TRUE(covers_channels(c_out));
  EXPECT_TRUE(strides.count(1) && strides.count(2) && strides.count(3));
  // Not the full cross product: a covering design keeps the sweep fast.
  EXPECT_LT(cases.size(), kChannels.size() * kChannels.size());
  const auto has = [&](auto pred) { return any(cases, [&](const ConvCase& c) { return pred(c.problem); }); };
  using P = ops::Conv2dProblem;
  EXPECT_TRUE(has([](const P& p) { return p.params.pad.top != p.params.pad.bottom; }));
  EXPECT_TRUE(has([](const P& p) { return p.params.pad.left != p.params.pad.right; }));
  EXPECT_TRUE(has([](const P& p) { return p.params.dilation_h > 1 || p.params.dilation_w > 1; }));
  EXPECT_TRUE(has([](const P& p) { return p.groups() > 1 && p.groups() == p.x.c && p.y.c == p.x.c; }));  // depthwise
  EXPECT_TRUE(has([](const P& p) { return p.groups() == p.x.c && p.y.c == 2 * p.x.c; }));  // multiplier 2
  EXPECT_TRUE(has([](const P& p) { return p.groups() > 1 && p.groups() < p.x.c; }));
  EXPECT_TRUE(has([](const P& p) { return p.x.n == 1; }));
  EXPECT_TRUE(has([](const P& p) { return p.x.n > 1; }));
  EXPECT_TRUE(has([](const P& p) { return p.y.h == 1 && p.y.w == 1 && p.x.h > 1; }));
  EXPECT_TRUE(has([](const P& p) { return p.w.kh == p.x.h && p.w.kw == p.x.w && p.params.pad == Padding{}; }));
  EXPECT_TRUE(has([](const P& p) { return p.x.h % 2 == 1 && p.x.w % 2 == 1 && p.x.h != p.x.w; }));
  EXPECT_TRUE(has([](const P& p) { return p.has_bias; }));
  EXPECT_TRUE(has([](const P& p) { return !p.has_bias; }));
  EXPECT_TRUE(any(cases, [](const ConvCase& c) { return c.data == Data::integers; }));
  EXPECT_TRUE(any(cases, [](const ConvCase& c) { return c.data == Data::reals; }));
}

TEST(SweepCoverage, PoolingCoversModesTiesAndCeilMode) {
  const auto fwd = pool_fwd_cases(Sweep::standard), bwd = pool_bwd_cases(Sweep::standard);
  std::set<std::int64_t> channels, strides;
  for (const auto& c : fwd) {
    channels.insert(c.problem.x.c);
    strides.insert({c.problem.params.stride_h, c.problem.params.stride_w});
  }
  EXPECT_TRUE(covers_channels(channels));
  EXPECT_TRUE(strides.count(1) && strides.count(2) && strides.count(3));
  for (const auto* cases : {&fwd, &bwd}) {
    const auto has = [&](auto pred) { return any(*cases, [&](const PoolCase& c) { return pred(c); }); };
    EXPECT_TRUE(has([](const PoolCase& c) { return c.problem.params.ceil_mode; }));
    EXPECT_TRUE(has([](const PoolCase& c) { return !c.problem.params.ceil_mode; }));
    EXPECT_TRUE(has([](const PoolCase& c) { return c.problem.params.mode == PoolMode::avg && c.problem.params.count_include_pad; }));
    EXPECT_TRUE(has([](const PoolCase& c) { return c.problem.params.mode == PoolMode::avg && !c.problem.params.count_include_pad; }));
    EXPECT_TRUE(has([](const PoolCase& c) { return c.problem.params.mode == PoolMode::max && c.data == Data::specials; }));
    // A ceil-mode window that would start in the trailing padding is dropped.
    EXPECT_TRUE(has([](const PoolCase& c) {
      const auto& q = c.problem.params;
      const std::int64_t span = c.problem.x.h + q.pad.top + q.pad.bottom - q.kernel_h;
      return q.ceil_mode && c.problem.y.h < (span + q.stride_h - 1) / q.stride_h + 1;
    }));
  }
  EXPECT_TRUE(any(bwd, [](const PoolCase& c) { return c.problem.params.mode == PoolMode::max && c.problem.params.ties == TiePolicy::first; }));
  EXPECT_TRUE(any(bwd, [](const PoolCase& c) { return c.problem.params.mode == PoolMode::max && c.problem.params.ties == TiePolicy::all; }));
}

TEST(SweepCoverage, SpecialDataHoldsTiesSignedZerosNaNsAndInfinities) {
  RandomFill rng(7);
  std::vector<double> v(2000);
  fill(Data::specials, rng, v);
  const auto count = [&](auto pred) { return std::count_if(v.begin(), v.end(), pred); };
  EXPECT_GT(count([](double x) { return std::isnan(x); }), 0);
  EXPECT_GT(count([](double x) { return std::isinf(x) && x > 0; }), 0);
  EXPECT_GT(count([](double x) { return std::isinf(x) && x < 0; }), 0);
  EXPECT_GT(count([](double x) { return x == 0 && std::signbit(x); }), 0);
  EXPECT_GT(count([](double x) { return x == 0 && !std::signbit(x); }), 0);
  EXPECT_GT(count([](double x) { return x == 2; }), 1);  // ties
}

TEST(SweepCoverage, ReluCoversLayoutsLengthsAndSpecials) {
  const auto fwd = relu_fwd_cases(Sweep::standard), bwd = relu_bwd_cases(Sweep::standard);
  std::set<std::int64_t> lengths;
  for (const auto& c : fwd) lengths.insert(c.problem.count);
  EXPECT_TRUE(covers_channels(lengths));
  for (ReluLayout layout : {ReluLayout::separate, ReluLayout::in_place})
    EXPECT_TRUE(any(fwd, [&](const ReluCase& c) { return c.layout == layout && c.problem.in_place == (layout != ReluLayout::separate); }));
  for (ReluLayout layout : {ReluLayout::separate, ReluLayout::dx_is_dy, ReluLayout::dx_is_x})
    EXPECT_TRUE(any(bwd, [&](const ReluCase& c) { return c.layout == layout && c.problem.in_place == (layout != ReluLayout::separate); }));
  EXPECT_TRUE(any(fwd, [](const ReluCase& c) { return c.data == Data::specials; }));
  EXPECT_TRUE(any(bwd, [](const ReluCase& c) { return c.data == Data::specials; }));
}

TEST(SweepCoverage, DenseCoversEveryDimensionInEveryRole) {
  const auto cases = dense_cases(Sweep::standard, true);
  std::set<std::int64_t> m, n_in, n_out;
  for (const auto& c : cases) m.insert(c.problem.m), n_in.insert(c.problem.n_in), n_out.insert(c.problem.n_out);
  EXPECT_TRUE(covers_channels(m));
  EXPECT_TRUE(covers_channels(n_in));
  EXPECT_TRUE(covers_channels(n_out));
  EXPECT_TRUE(any(cases, [](const DenseCase& c) { return c.problem.has_bias; }));
  EXPECT_TRUE(any(cases, [](const DenseCase& c) { return !c.problem.has_bias; }));
}

TEST(SweepCoverage, SoftmaxCoversLabelKindsGradientAndLargeLogits) {
  const auto cases = softmax_cases(Sweep::standard);
  std::set<std::int64_t> rows, classes;
  for (const auto& c : cases) rows.insert(c.problem.rows), classes.insert(c.problem.classes);
  EXPECT_TRUE(covers_channels(rows));
  EXPECT_TRUE(covers_channels(classes));
  for (bool index : {false, true})
    for (bool grad : {false, true})
      for (bool large : {false, true})
        EXPECT_TRUE(any(cases, [&](const SoftmaxCase& c) {
          return c.problem.index_labels == index && c.problem.want_grad == grad && c.large_logits == large;
        })) << index << grad << large;
}

TEST(SweepCoverage, AdamCoversBothStylesWeightDecayAndAdamW) {
  const auto cases = adam_cases(Sweep::standard);
  const auto has = [&](auto pred) { return any(cases, [&](const AdamCase& c) { return pred(c.problem.params); }); };
  EXPECT_TRUE(has([](const AdamParams& p) { return p.style == AdamStyle::pytorch && p.weight_decay == 0; }));
  EXPECT_TRUE(has([](const AdamParams& p) { return p.style == AdamStyle::tensorflow1; }));
  EXPECT_TRUE(has([](const AdamParams& p) { return p.weight_decay > 0 && !p.decoupled_weight_decay; }));
  EXPECT_TRUE(has([](const AdamParams& p) { return p.weight_decay > 0 && p.decoupled_weight_decay; }));
  EXPECT_TRUE(has([](const AdamParams& p) { return p.eps >= 0.01; }));
  EXPECT_TRUE(has([](const AdamParams& p) { return p.step > 100; }));
}

TEST(SweepCoverage, PadCoversValuesAndOneSidedPads) {
  const auto cases = pad_cases(Sweep::standard);
  EXPECT_TRUE(any(cases, [](const PadCase& c) { return std::isnan(c.value); }));
  EXPECT_TRUE(any(cases, [](const PadCase& c) { return c.problem.pad == Padding{}; }));
  EXPECT_TRUE(any(cases, [](const PadCase& c) { return c.problem.pad.top != c.problem.pad.bottom; }));
  EXPECT_TRUE(any(cases, [](const PadCase& c) { return c.problem.pad.top > c.problem.x.h; }));
}

}  // namespace
}  // namespace cnnkit::test::equiv

// Issue 9's reproducers of the non-finite rule (README, "Non-finite values": a tap outside the
// input is absent, not 0 * w), through the public API with every conv2d variant forced in turn:
// an infinite weight or dy value that meets only padding must not turn an output into NaN. All
// values are small multiples of 0.5, so every variant's sums are exact and compared bitwise with
// the forced reference's.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "cnnkit/cnnkit.hpp"
#include "support/conv2d_variant_scope.hpp"

namespace cnnkit::test::equiv {
namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();

// The variants this CPU runs that take the reproducer (the depthwise ones only depthwise problems).
std::vector<std::string> runnable(OpId op, bool depthwise_problem) {
  std::vector<std::string> names;
  for (const VariantInfo& v : list_variants(op, DType::f32))
    if (v.isa <= detected_isa() && is_depthwise_variant(v.name) == depthwise_problem) names.push_back(v.name);
  return names;
}

std::int64_t count_nans(const std::vector<float>& v) {
  std::int64_t n = 0;
  for (float e : v) n += std::isnan(e) ? 1 : 0;
  return n;
}

// Runs `call` (which fills its output) with every variant of `op` forced, two threads for the
// threaded ones; the output of each must equal the reference's bit for bit and hold no NaN.
void expect_every_variant_like_reference(OpId op, const std::function<std::vector<float>(const Context&)>& call,
                                         const std::function<void(const std::string&, const std::vector<float>&)>& more,
                                         bool depthwise_problem = false) {
  Context ref_ctx = Context::defaults();
  ref_ctx.force_variant(op, std::string(to_string(op)) + ".ref");
  const std::vector<float> want = call(ref_ctx);
  ASSERT_EQ(count_nans(want), 0) << "the reproducer's reference output should hold no NaN";
  more(std::string(to_string(op)) + ".ref", want);
  int compared = 0;
  // A depthwise problem is also run by the general variants; the depthwise ones take nothing else.
  std::vector<std::string> variants = runnable(op, false);
  if (depthwise_problem)
    for (const std::string& v : runnable(op, true)) variants.push_back(v);
  for (const std::string& variant : variants) {
    Context ctx = Context::defaults();
    ctx.force_variant(op, variant).set_num_threads(2);
    const std::vector<float> got = call(ctx);
    EXPECT_EQ(count_nans(got), 0) << variant;
    EXPECT_EQ(0, std::memcmp(got.data(), want.data(), got.size() * sizeof(float))) << variant;
    more(variant, got);
    ++compared;
  }
  EXPECT_GE(compared, 2);
}

const NhwcShape kX{1, 8, 8, 4};
const HwioShape kW{3, 3, 4, 8};
const NhwcShape kY{1, 8, 8, 8};
Conv2dParams same_pad() {
  Conv2dParams p;
  p.pad = Padding::symmetric(1);
  return p;
}

// x all 1, w all 0.5 but w[0,0,0,0] = +inf, pad 1: y[0,0,0,0] reads tap (0, 0) from the padding,
// so it sums 2x2 taps x 4 channels x 0.5 = 8 (issue 9: NaN in the blocked variants).
TEST(ConvNonFinite, ForwardInfiniteWeightFacingPaddingGivesNoNan) {
  std::vector<float> x(64 * 4, 1.0f), w(9 * 4 * 8, 0.5f);
  w[0] = kInf;
  expect_every_variant_like_reference(
      OpId::conv2d_fwd,
      [&](const Context& ctx) {
        std::vector<float> y(64 * 8, -1.0f);
        conv2d_forward<float>({x.data(), kX}, {w.data(), kW}, {}, {y.data(), kY}, same_pad(), ctx);
        return y;
      },
      [](const std::string& variant, const std::vector<float>& y) {
        EXPECT_EQ(y[0], 8.0f) << variant;
        EXPECT_EQ(y[(8 + 1) * 8], kInf) << variant << ": y[0,1,1,0] reads the infinite weight";
      });
}

// The same through prepacked weights (scanned for non-finite values when packed).
TEST(ConvNonFinite, ForwardPrepackedInfiniteWeightFacingPaddingGivesNoNan) {
  std::vector<float> x(64 * 4, 1.0f), w(9 * 4 * 8, 0.5f);
  w[0] = kInf;
  for (Isa tier : {Isa::scalar, Isa::sse4_2, Isa::avx2_fma, Isa::avx512}) {
    if (tier > detected_isa()) continue;
    Context pack_ctx = Context::defaults();
    pack_ctx.set_max_isa(tier);
    const Conv2dPackedWeights<float> pw({w.data(), kW}, 1, pack_ctx);
    expect_every_variant_like_reference(
        OpId::conv2d_fwd,
        [&](const Context& ctx) {
          std::vector<float> y(64 * 8, -1.0f);
          conv2d_forward<float>({x.data(), kX}, pw, {}, {y.data(), kY}, same_pad(), ctx);
          return y;
        },
        [&](const std::string& variant, const std::vector<float>& y) {
          EXPECT_EQ(y[0], 8.0f) << variant << ", weights packed for " << to_string(tier);
        });
  }
}

// A 1x1 kernel with 2 columns of left padding: output columns 0 and 1 lie wholly in the padding
// and are 0 (no term at all) even with an infinite weight.
TEST(ConvNonFinite, ForwardOutputWhollyInPaddingIsZero) {
  const NhwcShape xs{1, 3, 3, 2}, ys{1, 3, 5, 2};
  const HwioShape ws{1, 1, 2, 2};
  std::vector<float> x(18, 1.0f), w = {kInf, 1.0f, 1.0f, 1.0f};
  Conv2dParams p;
  p.pad = Padding{0, 0, 2, 0};
  expect_every_variant_like_reference(
      OpId::conv2d_fwd,
      [&](const Context& ctx) {
        std::vector<float> y(30, -1.0f);
        conv2d_forward<float>({x.data(), xs}, {w.data(), ws}, {}, {y.data(), ys}, p, ctx);
        return y;
      },
      [](const std::string& variant, const std::vector<float>& y) {
        EXPECT_EQ(y[0], 0.0f) << variant;
        EXPECT_EQ(y[2], 0.0f) << variant;
        EXPECT_EQ(y[4], kInf) << variant;
      });
}

// dy all 1, w all 0.5 but w[0,0,0,0] = +inf: dx[n, 7, 7, 0] receives tap (0, 0) from no dy cell
// (issue 9: 11 of 144 dx entries NaN in blocked.sse4_2).
TEST(ConvNonFinite, BackwardDataInfiniteWeightFacingPaddingGivesNoNan) {
  std::vector<float> dy(64 * 8, 1.0f), w(9 * 4 * 8, 0.5f);
  w[0] = kInf;
  expect_every_variant_like_reference(
      OpId::conv2d_bwd_data,
      [&](const Context& ctx) {
        std::vector<float> dx(64 * 4, -1.0f);
        conv2d_backward_data<float>({dy.data(), kY}, {w.data(), kW}, {dx.data(), kX}, same_pad(), ctx);
        return dx;
      },
      [](const std::string& variant, const std::vector<float>& dx) {
        // dx[0,7,7,0]: taps (1..2, 1..2) x 8 channels, 0.5 each = 16; tap (0, 0) would read dy[8, 8].
        EXPECT_EQ(dx[(7 * 8 + 7) * 4], 16.0f) << variant;
      });
}

// The same through prepacked backward-data weights (their non-finite flag noted while packing),
// in the direct form and in the gemm form (one input channel, 64 output channels): dx[0,7,7,0]
// sums taps (1..2, 1..2) x c_out channels x 0.5.
TEST(ConvNonFinite, BackwardDataPrepackedInfiniteWeightFacingPaddingGivesNoNan) {
  for (const HwioShape ws : {kW, HwioShape{3, 3, 1, 64}}) {
    const NhwcShape xs{1, 8, 8, ws.c_in_per_group}, ys{1, 8, 8, ws.c_out};
    std::vector<float> dy(static_cast<std::size_t>(64 * ws.c_out), 1.0f);
    std::vector<float> w(static_cast<std::size_t>(9 * ws.c_in_per_group * ws.c_out), 0.5f);
    w[0] = kInf;
    for (Isa tier : {Isa::scalar, Isa::sse4_2, Isa::avx2_fma, Isa::avx512}) {
      if (tier > detected_isa()) continue;
      Context pack_ctx = Context::defaults();
      pack_ctx.set_max_isa(tier);
      const Conv2dBackwardDataPackedWeights<float> pw({w.data(), ws}, 1, pack_ctx);
      expect_every_variant_like_reference(
          OpId::conv2d_bwd_data,
          [&](const Context& ctx) {
            std::vector<float> dx(static_cast<std::size_t>(64 * xs.c), -1.0f);
            conv2d_backward_data<float>({dy.data(), ys}, pw, {dx.data(), xs}, same_pad(), ctx);
            return dx;
          },
          [&](const std::string& variant, const std::vector<float>& dx) {
            EXPECT_EQ(dx[static_cast<std::size_t>((7 * 8 + 7) * xs.c)], 2.0f * static_cast<float>(ws.c_out))
                << variant << ", weights packed for " << to_string(tier) << ", c_in " << xs.c;
          });
    }
  }
}

// x all 1, dy all 0.5 but dy[0,0,0,0] = +inf: dW's taps in row 0 or column 0 read output (0, 0)
// only from the padding (issue 9: 20 of 288 dW entries NaN).
TEST(ConvNonFinite, BackwardWeightsInfiniteDyFacingPaddingGivesNoNan) {
  std::vector<float> x(64 * 4, 1.0f), dy(64 * 8, 0.5f);
  dy[0] = kInf;
  expect_every_variant_like_reference(
      OpId::conv2d_bwd_weights,
      [&](const Context& ctx) {
        std::vector<float> dw(9 * 4 * 8, -1.0f);
        conv2d_backward_weights<float>({x.data(), kX}, {dy.data(), kY}, {dw.data(), kW}, same_pad(), ctx);
        return dw;
      },
      [](const std::string& variant, const std::vector<float>& dw) {
        EXPECT_EQ(dw[0], 0.5f * 49) << variant << ": tap (0, 0) reads x for outputs (1..7, 1..7)";
        EXPECT_EQ(dw[(1 * 3 + 1) * 4 * 8], kInf) << variant << ": tap (1, 1) reads x for output (0, 0)";
      });
}

// The same three reproducers on a depthwise layer (4 channels, 4 groups), which the depthwise
// variants take: they skip out-of-range taps instead of reading padding.
const NhwcShape kDwX{1, 8, 8, 4};
const HwioShape kDwW{3, 3, 1, 4};
Conv2dParams depthwise_same_pad() {
  Conv2dParams p = same_pad();
  p.groups = 4;
  return p;
}

TEST(ConvNonFinite, DepthwiseForwardInfiniteWeightFacingPaddingGivesNoNan) {
  std::vector<float> x(64 * 4, 1.0f), w(9 * 4, 0.5f);
  w[0] = kInf;
  expect_every_variant_like_reference(
      OpId::conv2d_fwd,
      [&](const Context& ctx) {
        std::vector<float> y(64 * 4, -1.0f);
        conv2d_forward<float>({x.data(), kDwX}, {w.data(), kDwW}, {}, {y.data(), kDwX}, depthwise_same_pad(), ctx);
        return y;
      },
      [](const std::string& variant, const std::vector<float>& y) {
        EXPECT_EQ(y[0], 2.0f) << variant << ": taps (1..2, 1..2), 0.5 each";
        EXPECT_EQ(y[(8 + 1) * 4], kInf) << variant << ": y[0,1,1,0] reads the infinite weight";
      },
      true);
}

TEST(ConvNonFinite, DepthwiseBackwardDataInfiniteWeightFacingPaddingGivesNoNan) {
  std::vector<float> dy(64 * 4, 1.0f), w(9 * 4, 0.5f);
  w[0] = kInf;
  expect_every_variant_like_reference(
      OpId::conv2d_bwd_data,
      [&](const Context& ctx) {
        std::vector<float> dx(64 * 4, -1.0f);
        conv2d_backward_data<float>({dy.data(), kDwX}, {w.data(), kDwW}, {dx.data(), kDwX}, depthwise_same_pad(), ctx);
        return dx;
      },
      [](const std::string& variant, const std::vector<float>& dx) {
        EXPECT_EQ(dx[(7 * 8 + 7) * 4], 2.0f) << variant << ": dx[0,7,7,0] gets taps (1..2, 1..2) only";
        EXPECT_EQ(dx[0], kInf) << variant << ": dx[0,0,0,0] gets tap (0, 0) from dy[0,0,0,0]";
      },
      true);
}

TEST(ConvNonFinite, DepthwiseBackwardWeightsInfiniteDyFacingPaddingGivesNoNan) {
  std::vector<float> x(64 * 4, 1.0f), dy(64 * 4, 0.5f);
  dy[0] = kInf;
  expect_every_variant_like_reference(
      OpId::conv2d_bwd_weights,
      [&](const Context& ctx) {
        std::vector<float> dw(9 * 4, -1.0f);
        conv2d_backward_weights<float>({x.data(), kDwX}, {dy.data(), kDwX}, {dw.data(), kDwW}, depthwise_same_pad(),
                                       ctx);
        return dw;
      },
      [](const std::string& variant, const std::vector<float>& dw) {
        EXPECT_EQ(dw[0], 0.5f * 49) << variant << ": tap (0, 0) reads x for outputs (1..7, 1..7)";
        EXPECT_EQ(dw[(1 * 3 + 1) * 4], kInf) << variant << ": tap (1, 1) reads x for output (0, 0)";
      },
      true);
}

}  // namespace
}  // namespace cnnkit::test::equiv

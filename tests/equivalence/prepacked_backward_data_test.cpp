// Prepacked backward-data weights (Conv2dBackwardDataPackedWeights) against plain weights, through
// the public API: for every shape of the conv2d sweep (strides, dilation, groups, depthwise, the
// gemm form's few input channels), every tier the weights can be packed for, and every
// conv2d_bwd_data variant forced in turn, the prepacked call must give the plain call's dx bit
// for bit, on exact integer data and on reals with hostile values (NaN payloads, infinities,
// +-max, subnormals). And the packed layout must really be what the matching blocked variants
// read: a value planted in it changes their output and nobody else's.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ops/conv2d/conv2d_packed_weights.hpp"
#include "prepacked_support.hpp"

namespace cnnkit::test::equiv {
namespace {

template <class T>
void expect_prepacked_equals_plain(PrepackedData data) {
  int compared = 0, gemm_layouts = 0, direct_layouts = 0;
  const std::vector<std::string> variants = runnable_variants(OpId::conv2d_bwd_data, core::dtype_of<T>());
  for (const ConvShape& s : conv_shapes(Sweep::standard)) {
    const PrepackedConvData<T> d(s, data);
    for (Isa tier : packing_tiers()) {
      Context pack_ctx = Context::defaults();
      pack_ctx.set_max_isa(tier);
      std::vector<T> w_copy = d.w;
      const Conv2dBackwardDataPackedWeights<T> pw({w_copy.data(), d.ws}, s.groups, pack_ctx);
      ASSERT_EQ(pw.isa(), tier);
      if (tier != Isa::scalar) (pw.data().layout.gemm ? gemm_layouts : direct_layouts) += 1;
      std::fill(w_copy.begin(), w_copy.end(), T(1000));  // the object must not read the caller's buffer again
      for (const std::string& variant : variants) {
        if (!conv2d_variant_takes(variant, s.groups, s.c_in / s.groups, s.c_out)) continue;
        Context ctx = Context::defaults();
        ctx.force_variant(OpId::conv2d_bwd_data, variant).set_num_threads(2);
        EXPECT_TRUE(same_bits(d.backward_data(pw, ctx), d.backward_data(ctx)))
            << variant << " with weights packed for " << to_string(tier) << " on " << d.describe();
        EXPECT_EQ(last_variant(OpId::conv2d_bwd_data), variant);
        ++compared;
      }
    }
  }
  EXPECT_GT(compared, 1000);
  if (detected_isa() != Isa::scalar) {
    EXPECT_GT(gemm_layouts, 0) << "the sweep must reach the gemm form's layout";
    EXPECT_GT(direct_layouts, 0);
  }
}

TEST(PrepackedBackwardData, EqualsPlainWeightsForEveryVariantAndTierF32) {
  expect_prepacked_equals_plain<float>(PrepackedData::integers);
}
TEST(PrepackedBackwardData, EqualsPlainWeightsForEveryVariantAndTierF64) {
  expect_prepacked_equals_plain<double>(PrepackedData::integers);
}
TEST(PrepackedBackwardData, HostileValuesGiveThePlainCallsBitsF32) {
  expect_prepacked_equals_plain<float>(PrepackedData::hostile);
}
TEST(PrepackedBackwardData, HostileValuesGiveThePlainCallsBitsF64) {
  expect_prepacked_equals_plain<double>(PrepackedData::hostile);
}

// Planting a value in the packed layout changes exactly the variants that read it: the blocked
// ones of the packed tier. Everyone else reads the copy of the plain weights. Both forms.
void expect_layout_read_by_its_tier_only(const ConvShape& s, bool gemm) {
  const PrepackedConvData<float> d(s);
  const Conv2dBackwardDataPackedWeights<float> pw({d.w.data(), d.ws}, s.groups);
  if (pw.isa() == Isa::scalar) GTEST_SKIP() << "no SIMD tier: nothing is packed";
  ASSERT_EQ(pw.data().layout.gemm, gemm) << d.describe();
  expect_planted_value_read_by_packed_tier_only(
      OpId::conv2d_bwd_data, pw.isa(), static_cast<float*>(const_cast<void*>(pw.data().layout.data)),
      [&](const Context& ctx) { return d.backward_data(pw, ctx); },
      [&](const Context& ctx) { return d.backward_data(ctx); });
}

TEST(PrepackedBackwardData, DirectFormIsReadByTheBlockedVariantsOfItsTier) {
  expect_layout_read_by_its_tier_only({1, 6, 6, 16, 8, 3, 3, 1, 1, {1, 1, 1, 1}, 1, 1, 1}, false);
}
TEST(PrepackedBackwardData, GemmFormIsReadByTheBlockedVariantsOfItsTier) {
  // One input channel, 3x3, 64 output channels: the gemm form on every SIMD tier.
  expect_layout_read_by_its_tier_only({1, 8, 8, 1, 64, 3, 3, 1, 1, {1, 1, 1, 1}, 1, 1, 1}, true);
}

TEST(PrepackedBackwardData, ReportsWhatItHolds) {
  expect_reports_what_it_holds<Conv2dBackwardDataPackedWeights<double>>(OpId::conv2d_bwd_data, OpId::conv2d_fwd);
}

}  // namespace
}  // namespace cnnkit::test::equiv

// Prepacked weights (cnnkit/prepack.hpp) against plain weights, through the public API: for every
// shape of the conv2d sweep, every tier the weights can be packed for, and every conv2d_fwd
// variant forced in turn, the prepacked call must give exactly the plain call's result (integer
// data: every sum is exact). And the packed layout must really be what the matching blocked
// variants read: a value planted in it changes their output and nobody else's.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cnnkit/cnnkit.hpp"
#include "conv2d_harness.hpp"
#include "ops/conv2d/conv2d_packed_weights.hpp"
#include "prepacked_support.hpp"

namespace cnnkit::test::equiv {
namespace {

template <class T>
void expect_prepacked_equals_plain() {
  int compared = 0;
  for (const ConvShape& s : conv_shapes(Sweep::standard)) {
    const PrepackedConvData<T> d(s);
    for (Isa tier : packing_tiers()) {
      Context pack_ctx = Context::defaults();
      pack_ctx.set_max_isa(tier);
      std::vector<T> w_copy = d.w;
      const Conv2dPackedWeights<T> pw({w_copy.data(), d.ws}, s.groups, pack_ctx);
      ASSERT_EQ(pw.isa(), tier);
      std::fill(w_copy.begin(), w_copy.end(), T(1000));  // the object must not read the caller's buffer again
      for (const std::string& variant : runnable_variants(OpId::conv2d_fwd, core::dtype_of<T>())) {
        if (!conv2d_variant_takes(variant, s.groups, s.c_in / s.groups, s.c_out)) continue;
        Context ctx = Context::defaults();
        ctx.force_variant(OpId::conv2d_fwd, variant).set_num_threads(2);
        EXPECT_EQ(d.forward(pw, ctx), d.forward(ctx))
            << variant << " with weights packed for " << to_string(tier) << " on n" << s.n << " " << s.h << "x" << s.w
            << " c" << s.c_in << "->" << s.c_out << " k" << s.kh << "x" << s.kw << " g" << s.groups;
        EXPECT_EQ(last_variant(OpId::conv2d_fwd), variant);
        ++compared;
      }
    }
  }
  EXPECT_GT(compared, 1000);
}

TEST(PrepackedForward, EqualsPlainWeightsForEveryVariantAndTierF32) { expect_prepacked_equals_plain<float>(); }
TEST(PrepackedForward, EqualsPlainWeightsForEveryVariantAndTierF64) { expect_prepacked_equals_plain<double>(); }

// Planting a value in the packed layout changes exactly the variants that read it: the blocked
// ones of the packed tier. Everyone else reads the copy of the plain weights.
TEST(PrepackedForward, BlockedVariantsOfThePackedTierReadThePackedLayout) {
  const ConvShape s{1, 6, 6, 8, 16, 3, 3, 1, 1, {1, 1, 1, 1}, 1, 1, 1};
  const PrepackedConvData<float> d(s);
  const Conv2dPackedWeights<float> pw({d.w.data(), d.ws}, 1);
  if (pw.isa() == Isa::scalar) GTEST_SKIP() << "no SIMD tier: nothing is packed";
  expect_planted_value_read_by_packed_tier_only(
      OpId::conv2d_fwd, pw.isa(), static_cast<float*>(const_cast<void*>(pw.data().layout.data)),
      [&](const Context& ctx) { return d.forward(pw, ctx); }, [&](const Context& ctx) { return d.forward(ctx); });
}

TEST(PrepackedForward, ReportsWhatItHolds) {
  expect_reports_what_it_holds<Conv2dPackedWeights<double>>(OpId::conv2d_fwd, OpId::conv2d_bwd_data);
}

}  // namespace
}  // namespace cnnkit::test::equiv

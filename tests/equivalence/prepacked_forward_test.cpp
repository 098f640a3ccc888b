// Prepacked weights (cnnkit/prepack.hpp) against plain weights, through the public API: for every
// shape of the conv2d sweep, every tier the weights can be packed for, and every conv2d_fwd
// variant forced in turn, the prepacked call must give exactly the plain call's result (integer
// data: every sum is exact). And the packed layout must really be what the matching blocked
// variants read: a value planted in it changes their output and nobody else's.
#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "cnnkit/cnnkit.hpp"
#include "support/conv2d_variant_scope.hpp"
#include "conv2d_harness.hpp"
#include "ops/conv2d/conv2d_packed_weights.hpp"

namespace cnnkit::test::equiv {
namespace {

template <class T>
struct ConvData {
  ConvShape s;
  Conv2dParams params;
  NhwcShape xs, ys;
  HwioShape ws;
  std::vector<T> x, w, b;

  explicit ConvData(const ConvShape& shape) : s(shape) {
    params = Conv2dParams{s.stride_h, s.stride_w, s.pad, s.dilation_h, s.dilation_w, s.groups};
    xs = NhwcShape{s.n, s.h, s.w, s.c_in};
    ws = HwioShape{s.kh, s.kw, s.c_in / s.groups, s.c_out};
    ys = conv2d_output_shape(xs, ws, params);
    std::mt19937 rng(static_cast<unsigned>(s.c_in * 131 + s.c_out * 7 + s.kh));
    std::uniform_int_distribution<int> small(-4, 4);
    auto fill = [&](std::vector<T>& v, std::int64_t n) {
      v.resize(static_cast<std::size_t>(n));
      for (auto& e : v) e = static_cast<T>(small(rng));
    };
    fill(x, xs.n * xs.h * xs.w * xs.c);
    fill(w, ws.kh * ws.kw * ws.c_in_per_group * ws.c_out);
    fill(b, ws.c_out);
  }
  std::vector<T> plain(const Context& ctx) const {
    std::vector<T> y(static_cast<std::size_t>(ys.n * ys.h * ys.w * ys.c), T(-99));
    conv2d_forward<T>({x.data(), xs}, {w.data(), ws}, {b.data(), ws.c_out}, {y.data(), ys}, params, ctx);
    return y;
  }
  std::vector<T> packed(const Conv2dPackedWeights<T>& pw, const Context& ctx) const {
    std::vector<T> y(static_cast<std::size_t>(ys.n * ys.h * ys.w * ys.c), T(-99));
    conv2d_forward<T>({x.data(), xs}, pw, {b.data(), ws.c_out}, {y.data(), ys}, params, ctx);
    return y;
  }
};

std::vector<Isa> packing_tiers() {
  std::vector<Isa> tiers;
  for (Isa t : {Isa::scalar, Isa::sse4_2, Isa::avx2_fma, Isa::avx512})
    if (t <= detected_isa()) tiers.push_back(t);
  return tiers;
}

std::vector<std::string> runnable_variants(DType dtype) {
  std::vector<std::string> names;
  for (const VariantInfo& v : list_variants(OpId::conv2d_fwd, dtype))
    if (v.isa <= detected_isa()) names.push_back(v.name);
  return names;
}

template <class T>
void expect_prepacked_equals_plain() {
  int compared = 0;
  for (const ConvShape& s : conv_shapes(Sweep::standard)) {
    ConvData<T> d(s);
    for (Isa tier : packing_tiers()) {
      Context pack_ctx = Context::defaults();
      pack_ctx.set_max_isa(tier);
      std::vector<T> w_copy = d.w;
      const Conv2dPackedWeights<T> pw({w_copy.data(), d.ws}, s.groups, pack_ctx);
      ASSERT_EQ(pw.isa(), tier);
      std::fill(w_copy.begin(), w_copy.end(), T(1000));  // the object must not read the caller's buffer again
      for (const std::string& variant : runnable_variants(core::dtype_of<T>())) {
        if (!conv2d_variant_takes(variant, s.groups, s.c_in / s.groups, s.c_out)) continue;
        Context ctx = Context::defaults();
        ctx.force_variant(OpId::conv2d_fwd, variant).set_num_threads(2);
        EXPECT_EQ(d.packed(pw, ctx), d.plain(ctx))
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
  ConvData<float> d(s);
  const Conv2dPackedWeights<float> pw({d.w.data(), d.ws}, 1);
  if (pw.isa() == Isa::scalar) GTEST_SKIP() << "no SIMD tier: nothing is packed";
  auto& layout = const_cast<ops::ConvFwdPackedLayout&>(pw.data().layout);
  float* first = static_cast<float*>(const_cast<void*>(layout.data));
  first[0] += 1000.0f;  // weight (0, 0, 0, 0) as the packed tier's kernels see it
  const std::string tier = to_string(pw.isa());
  for (const std::string& variant : runnable_variants(DType::f32)) {
    if (!conv2d_variant_takes(variant, s.groups, s.c_in / s.groups, s.c_out)) continue;
    Context ctx = Context::defaults();
    ctx.force_variant(OpId::conv2d_fwd, variant).set_num_threads(2);
    const bool reads_packed = variant.find(".blocked." + tier) != std::string::npos;
    if (reads_packed) {
      EXPECT_NE(d.packed(pw, ctx), d.plain(ctx)) << variant << " did not read the packed layout";
    } else {
      EXPECT_EQ(d.packed(pw, ctx), d.plain(ctx)) << variant << " read a layout packed for another tier";
    }
  }
  first[0] -= 1000.0f;
}

TEST(PrepackedForward, ReportsWhatItHolds) {
  const ConvShape s{1, 5, 5, 12, 20, 3, 3, 1, 1, {0, 0, 0, 0}, 1, 1, 4};
  ConvData<double> d(s);
  Context ctx = Context::defaults();
  ctx.set_max_isa(Isa::scalar);
  const Conv2dPackedWeights<double> scalar_pw({d.w.data(), d.ws}, 4, ctx);
  EXPECT_EQ(scalar_pw.isa(), Isa::scalar);
  EXPECT_EQ(scalar_pw.groups(), 4);
  EXPECT_EQ(scalar_pw.shape().c_out, 20);
  EXPECT_EQ(scalar_pw.bytes(), d.w.size() * sizeof(double));
  const Conv2dPackedWeights<double> best({d.w.data(), d.ws}, 4, Context::defaults());
  EXPECT_EQ(best.isa(), detected_isa());
  if (best.isa() != Isa::scalar) {
    EXPECT_GT(best.bytes(), d.w.size() * sizeof(double));
  }
  // A forced variant decides the tier.
  if (detected_isa() >= Isa::avx2_fma) {
    Context forced = Context::defaults();
    forced.force_variant(OpId::conv2d_fwd, "conv2d_fwd.blocked.avx2_fma");
    EXPECT_EQ(Conv2dPackedWeights<double>({d.w.data(), d.ws}, 4, forced).isa(), Isa::avx2_fma);
  }
}

}  // namespace
}  // namespace cnnkit::test::equiv

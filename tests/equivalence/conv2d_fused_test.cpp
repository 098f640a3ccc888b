// The fused epilogues against the calls they fuse, bitwise, through the public API:
//   * conv2d_forward with Conv2dEpilogue::relu == conv2d_forward then relu_forward, for every
//     conv2d_fwd variant forced in turn, plain and prepacked weights;
//   * conv2d_backward_weights_bias == conv2d_backward_weights and conv2d_backward_bias under the
//     same Context, for every conv2d_bwd_weights variant crossed with every conv2d_bwd_bias
//     variant (and with the bias op's own rules).
// Over the conv2d sweep plus shapes that reach the paths the fusion touches: input-channel blocks
// (the relu only at the last block's store), the planar kernel, groups, padding meeting
// non-finite weights (the forward fix-up), dy spanning many bias chunks and weights pixel chunks.
// Data: reals with hostile values (NaNs of every sign and payload, +-max, subnormals) and -0.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "cnnkit/cnnkit.hpp"
#include "support/conv2d_variant_scope.hpp"
#include "conv2d_harness.hpp"
#include "hostile_values.hpp"

namespace cnnkit::test::equiv {
namespace {

// Shapes beyond the sweep: {n, h, w, c_in, c_out, kh, kw, sh, sw, pad, dh, dw, groups}.
const ConvShape kFusedShapes[] = {
    {1, 9, 9, 160, 24, 7, 7, 1, 1, {3, 3, 3, 3}, 1, 1, 1},    // input-channel blocks on every tier
    {2, 20, 19, 3, 2, 3, 3, 1, 1, {1, 1, 1, 1}, 1, 1, 1},     // planar (2 channels: every tier)
    {1, 18, 33, 1, 4, 5, 5, 1, 1, {2, 2, 2, 2}, 1, 1, 1},     // planar (wider tiers)
    {1, 17, 40, 4, 8, 3, 3, 1, 1, {0, 2, 1, 0}, 1, 2, 1},     // planar on avx512 f32, dilated
    {2, 11, 11, 12, 18, 3, 3, 2, 2, {1, 1, 1, 1}, 1, 1, 3},   // groups, strided
    {3, 30, 30, 4, 8, 3, 3, 1, 1, {1, 1, 1, 1}, 1, 1, 1},     // dy: many bias chunks and weights chunks
    {2, 24, 24, 16, 64, 3, 3, 1, 1, {1, 1, 1, 1}, 1, 1, 1},   // dy: several 64-channel bias chunks
    {4, 7, 7, 8, 40, 1, 1, 1, 1, {0, 0, 0, 0}, 1, 1, 1},      // 1x1, several images per weights chunk
    {1, 6, 6, 8, 16, 3, 3, 1, 1, {1, 1, 1, 1}, 1, 1, 8},      // depthwise x2
};

std::vector<ConvShape> fused_shapes() {
  std::vector<ConvShape> shapes = conv_shapes(Sweep::standard);
  for (const ConvShape& s : kFusedShapes) shapes.push_back(s);
  return shapes;
}

std::string name(const ConvShape& s) {
  std::ostringstream o;  // (not operator+ chains: GCC 12's -Wrestrict false positive)
  o << "n" << s.n << " " << s.h << "x" << s.w << " c" << s.c_in << "->" << s.c_out << " k" << s.kh << "x" << s.kw
    << " s" << s.stride_h << "x" << s.stride_w << " d" << s.dilation_h << "x" << s.dilation_w << " g" << s.groups;
  return o.str();
}

std::vector<std::string> runnable(OpId op, DType dtype) {
  std::vector<std::string> names;
  for (const VariantInfo& v : list_variants(op, dtype))
    if (v.isa <= detected_isa()) names.push_back(v.name);
  return names;
}

template <class T>
bool same_bits(const std::vector<T>& a, const std::vector<T>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0;
}

template <class T>
struct FusedData {
  Conv2dParams params;
  NhwcShape xs, ys;
  HwioShape ws;
  std::vector<T> x, w, b, dy;

  // dense: hostile values everywhere (the sweep's small shapes). Otherwise (the large shapes of the
  // backward test) only six NaNs of every payload in dy's channel 0, spread over its pixels, so
  // that the non-finite fix-up (which recomputes every NaN dw touching padding) stays cheap.
  FusedData(const ConvShape& s, std::uint64_t salt, bool dense = true) {
    params = Conv2dParams{s.stride_h, s.stride_w, s.pad, s.dilation_h, s.dilation_w, s.groups};
    xs = NhwcShape{s.n, s.h, s.w, s.c_in};
    ws = HwioShape{s.kh, s.kw, s.c_in / s.groups, s.c_out};
    ys = conv2d_output_shape(xs, ws, params);
    RandomFill rng(salt);
    auto hostile = [&](std::int64_t n) {
      std::vector<T> v = rng.uniform<T>(n);
      std::uniform_int_distribution<int> pick(0, 199);
      for (auto& e : v) {
        const int p = pick(rng.engine());
        if (p == 0) e = std::numeric_limits<T>::quiet_NaN();  // add_hostile_values varies them
        if (p == 1) e = -T(0);
        if (p == 2) e = T(0);
      }
      if (dense) add_hostile_values(v, rng);
      else
        for (auto& e : v)
          if (std::isnan(e)) e = T(0);
      return v;
    };
    x = hostile(xs.n * xs.h * xs.w * xs.c);
    w = hostile(ws.kh * ws.kw * ws.c_in_per_group * ws.c_out);
    b = hostile(ws.c_out);
    dy = hostile(ys.n * ys.h * ys.w * ys.c);
    // -0 everywhere in the first output channel's bias: outputs of -0 (and +0) meet the epilogue.
    if (!b.empty()) b[0] = -T(0);
    const std::int64_t pixels = ys.n * ys.h * ys.w;
    if (!dense)
      for (int k = 0; k < 6 && pixels > 0; ++k) dy[static_cast<std::size_t>((k * pixels / 6) * ys.c)] = hostile_nan<T>(k);
  }
  std::int64_t y_count() const { return ys.n * ys.h * ys.w * ys.c; }
  std::int64_t w_count() const { return ws.kh * ws.kw * ws.c_in_per_group * ws.c_out; }
};

template <class T>
void expect_forward_relu_equals_unfused() {
  int compared = 0;
  std::uint64_t salt = 1;
  const std::vector<std::string> variants = runnable(OpId::conv2d_fwd, core::dtype_of<T>());
  for (const ConvShape& s : fused_shapes()) {
    const FusedData<T> d(s, salt++);
    const std::int64_t yc = d.y_count();
    for (const std::string& variant : variants) {
      if (!conv2d_variant_takes(variant, s.groups, s.c_in / s.groups, s.c_out)) continue;
      Context ctx = Context::defaults();
      ctx.force_variant(OpId::conv2d_fwd, variant).set_num_threads(2);
      for (bool with_bias : {true, false}) {
        const VectorView<const T> bias = with_bias ? VectorView<const T>(d.b.data(), d.ws.c_out) : VectorView<const T>{};
        std::vector<T> want(static_cast<std::size_t>(yc), T(-7)), got(want.size(), T(-9)), packed(want.size(), T(-5));
        conv2d_forward<T>({d.x.data(), d.xs}, {d.w.data(), d.ws}, bias, {want.data(), d.ys}, d.params, ctx);
        relu_forward<T>({want.data(), yc}, {want.data(), yc}, ctx);
        conv2d_forward<T>({d.x.data(), d.xs}, {d.w.data(), d.ws}, bias, {got.data(), d.ys}, d.params,
                          Conv2dEpilogue::relu, ctx);
        EXPECT_EQ(last_variant(OpId::conv2d_fwd), variant);
        EXPECT_TRUE(same_bits(got, want)) << variant << (with_bias ? " bias" : " no bias") << " on " << name(s);
        // Prepacked weights (packed for the forced variant's tier) through the fused epilogue.
        const Conv2dPackedWeights<T> pw({d.w.data(), d.ws}, s.groups, ctx);
        conv2d_forward<T>({d.x.data(), d.xs}, pw, bias, {packed.data(), d.ys}, d.params, Conv2dEpilogue::relu, ctx);
        EXPECT_TRUE(same_bits(packed, want)) << variant << " prepacked on " << name(s);
        ++compared;
      }
    }
  }
  EXPECT_GT(compared, 500);
}

TEST(FusedEpilogue, ForwardReluEqualsForwardThenReluForEveryVariantF32) { expect_forward_relu_equals_unfused<float>(); }
TEST(FusedEpilogue, ForwardReluEqualsForwardThenReluForEveryVariantF64) { expect_forward_relu_equals_unfused<double>(); }

// The epilogue really is relu_forward's rule on hand-picked outputs: NaN payloads kept, -0 -> +0,
// negatives -> +0 (a 1x1 convolution with weight 1 copies x to y).
TEST(FusedEpilogue, ForwardReluKeepsNanPayloadsAndClearsNegativeZero) {
  const float nan_payload = std::bit_cast<float>(0xFFC0BEEFu);
  const std::vector<float> x = {-0.0f, 0.0f, -3.0f, 2.5f, nan_payload, -std::numeric_limits<float>::infinity(),
                                std::numeric_limits<float>::infinity(), -1e-45f};
  const std::vector<float> w = {1.0f};
  const NhwcShape xs{1, 1, 8, 1};
  // The same 8 values as 8 channels of a depthwise layer (groups 8), for the depthwise variants.
  const std::vector<float> w8(8, 1.0f);
  Conv2dParams depthwise;
  depthwise.groups = 8;
  for (const std::string& variant : runnable(OpId::conv2d_fwd, DType::f32)) {
    Context ctx = Context::defaults();
    ctx.force_variant(OpId::conv2d_fwd, variant);
    std::vector<float> y(8, 99.0f);
    if (is_depthwise_variant(variant))
      conv2d_forward<float>({x.data(), {1, 1, 1, 8}}, {w8.data(), {1, 1, 1, 8}}, {}, {y.data(), {1, 1, 1, 8}},
                            depthwise, Conv2dEpilogue::relu, ctx);
    else
      conv2d_forward<float>({x.data(), xs}, {w.data(), {1, 1, 1, 1}}, {}, {y.data(), xs}, {}, Conv2dEpilogue::relu,
                            ctx);
    EXPECT_EQ(std::bit_cast<std::uint32_t>(y[0]), 0u) << variant;
    EXPECT_EQ(std::bit_cast<std::uint32_t>(y[1]), 0u) << variant;
    EXPECT_EQ(std::bit_cast<std::uint32_t>(y[2]), 0u) << variant;
    EXPECT_EQ(y[3], 2.5f) << variant;
    EXPECT_EQ(std::bit_cast<std::uint32_t>(y[4]), 0xFFC0BEEFu) << variant;  // x * 1 (+ 0) keeps the payload
    EXPECT_EQ(std::bit_cast<std::uint32_t>(y[5]), 0u) << variant;
    EXPECT_EQ(y[6], std::numeric_limits<float>::infinity()) << variant;
    EXPECT_EQ(std::bit_cast<std::uint32_t>(y[7]), 0u) << variant;
  }
}

template <class T>
void expect_weights_bias_equals_unfused() {
  int compared = 0;
  std::uint64_t salt = 1000;
  const std::vector<std::string> weights_variants = runnable(OpId::conv2d_bwd_weights, core::dtype_of<T>());
  std::vector<std::string> bias_variants = runnable(OpId::conv2d_bwd_bias, core::dtype_of<T>());
  bias_variants.push_back("");  // the bias op's own rules
  std::size_t shape_index = 0;
  const std::size_t sweep_count = conv_shapes(Sweep::standard).size();
  for (const ConvShape& s : fused_shapes()) {
    const FusedData<T> d(s, salt++, shape_index < sweep_count);
    // The full cross product on every eighth sweep shape and the fused shapes (the reference
    // weights variant, slow on the large ones, excepted); the rest pair each weights variant with
    // one bias variant (rotating) and with the bias rules.
    const bool cross_shape = shape_index++ % 8 == 0 || shape_index > sweep_count;
    for (std::size_t wi = 0; wi < weights_variants.size(); ++wi)
      for (std::size_t bi = 0; bi < bias_variants.size(); ++bi) {
        if (!conv2d_variant_takes(weights_variants[wi], s.groups, s.c_in / s.groups, s.c_out)) continue;
        const bool cross = cross_shape && weights_variants[wi] != "conv2d_bwd_weights.ref";
        if (!cross && bi != wi % (bias_variants.size() - 1) && bi + 1 != bias_variants.size()) continue;
        Context ctx = Context::defaults();
        ctx.force_variant(OpId::conv2d_bwd_weights, weights_variants[wi]).set_num_threads(2);
        if (!bias_variants[bi].empty()) ctx.force_variant(OpId::conv2d_bwd_bias, bias_variants[bi]);
        std::vector<T> dw_want(static_cast<std::size_t>(d.w_count()), T(-7)), dw_got(dw_want.size(), T(-9));
        std::vector<T> db_want(static_cast<std::size_t>(d.ws.c_out), T(-7)), db_got(db_want.size(), T(-9));
        conv2d_backward_weights<T>({d.x.data(), d.xs}, {d.dy.data(), d.ys}, {dw_want.data(), d.ws}, d.params, ctx);
        conv2d_backward_bias<T>({d.dy.data(), d.ys}, {db_want.data(), d.ws.c_out}, ctx);
        const std::string bias_ran = last_variant(OpId::conv2d_bwd_bias);
        conv2d_backward_weights_bias<T>({d.x.data(), d.xs}, {d.dy.data(), d.ys}, {dw_got.data(), d.ws},
                                        {db_got.data(), d.ws.c_out}, d.params, ctx);
        EXPECT_EQ(last_variant(OpId::conv2d_bwd_weights), weights_variants[wi]);
        EXPECT_EQ(last_variant(OpId::conv2d_bwd_bias), bias_ran);
        EXPECT_TRUE(same_bits(dw_got, dw_want)) << "dw: " << weights_variants[wi] << " + " << bias_ran << " on " << name(s);
        EXPECT_TRUE(same_bits(db_got, db_want)) << "db: " << weights_variants[wi] << " + " << bias_ran << " on " << name(s);
        ++compared;
      }
  }
  EXPECT_GT(compared, 500);
}

TEST(FusedEpilogue, WeightsBiasEqualsWeightsAndBiasForEveryVariantPairF32) {
  expect_weights_bias_equals_unfused<float>();
}
TEST(FusedEpilogue, WeightsBiasEqualsWeightsAndBiasForEveryVariantPairF64) {
  expect_weights_bias_equals_unfused<double>();
}

// A forced weights variant that cannot run fails the call before anything is written: dw and db
// keep their values (whatever bias order was selected first).
TEST(FusedEpilogue, WeightsBiasWithAForcedVariantThatCannotRunLeavesTheOutputsAlone) {
  const ConvShape s{1, 6, 6, 4, 8, 3, 3, 1, 1, {1, 1, 1, 1}, 1, 1, 1};
  const FusedData<float> d(s, 5);
  for (const char* bias_variant : {"conv2d_bwd_bias.ref", ""}) {
    Context ctx = Context::defaults();
    ctx.set_threading(ThreadingPolicy::serial).force_variant(OpId::conv2d_bwd_weights, "conv2d_bwd_weights.blocked.sse4_2.omp");
    if (*bias_variant) ctx.force_variant(OpId::conv2d_bwd_bias, bias_variant);
    std::vector<float> dw(static_cast<std::size_t>(d.w_count()), 3.5f), db(8, 3.5f);
    try {
      conv2d_backward_weights_bias<float>({d.x.data(), d.xs}, {d.dy.data(), d.ys}, {dw.data(), d.ws}, {db.data(), 8},
                                          d.params, ctx);
      ADD_FAILURE() << "a serial threading policy must refuse a forced OpenMP variant";
    } catch (const Error& e) {
      EXPECT_EQ(e.status(), Status::unsupported) << e.what();
    }
    EXPECT_EQ(dw, std::vector<float>(dw.size(), 3.5f));
    EXPECT_EQ(db, std::vector<float>(8, 3.5f));
  }
}

// Under measuring tuning the fused call runs the two ops as their own (tuned) calls: still equal.
TEST(FusedEpilogue, WeightsBiasUnderMeasuringTuningEqualsTheTwoCalls) {
  const ConvShape s{2, 12, 12, 8, 24, 3, 3, 1, 1, {1, 1, 1, 1}, 1, 1, 1};
  const FusedData<float> d(s, 77);
  Context ctx = Context::defaults();
  ctx.set_tuning(Tuning::measure);
  std::vector<float> dw_got(static_cast<std::size_t>(d.w_count())), db_got(24);
  conv2d_backward_weights_bias<float>({d.x.data(), d.xs}, {d.dy.data(), d.ys}, {dw_got.data(), d.ws},
                                      {db_got.data(), 24}, d.params, ctx);
  std::vector<float> dw_want(dw_got.size()), db_want(24);
  conv2d_backward_weights<float>({d.x.data(), d.xs}, {d.dy.data(), d.ys}, {dw_want.data(), d.ws}, d.params, ctx);
  conv2d_backward_bias<float>({d.dy.data(), d.ys}, {db_want.data(), 24}, ctx);
  EXPECT_TRUE(same_bits(dw_got, dw_want));
  EXPECT_TRUE(same_bits(db_got, db_want));
}

}  // namespace
}  // namespace cnnkit::test::equiv

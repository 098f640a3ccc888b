// Geometry at the edge of what validation accepts (issue 9, finding 4): strides and dilations of
// INT64_MAX where they are irrelevant (one output, one tap), and pads of 2^40 with strides to
// match. Every conv2d variant of every direction, forced in turn through the public API, must give
// the forced reference's result bit for bit (small integers: exact sums) or, only where the
// blocked variants pass on padding far beyond the windows, a clear `unsupported` error that leaves
// the output untouched. Under the ASan/UBSan preset this also proves that no size arithmetic
// overflows.
#include <gtest/gtest.h>

#include <cstring>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "cnnkit/cnnkit.hpp"
#include "support/conv2d_variant_scope.hpp"

namespace cnnkit::test::validation {
namespace {

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kHuge = std::int64_t{1} << 40;

struct Geometry {
  const char* name;
  NhwcShape x;
  HwioShape w;
  Conv2dParams p;
  bool blocked_may_decline;  // padding far beyond the windows: blocked variants may pass
};

std::vector<Geometry> geometries() {
  std::vector<Geometry> g;
  Conv2dParams p;
  p.stride_h = p.stride_w = kMax;
  p.pad = Padding::symmetric(1);
  g.push_back({"stride_max_one_output", {1, 4, 4, 3}, {3, 3, 3, 5}, p, false});
  p = Conv2dParams{};
  p.stride_h = kMax;
  p.stride_w = 2;
  p.pad = Padding{1, 0, 1, 1};
  g.push_back({"stride_h_max_stride_w_2", {2, 5, 6, 4}, {2, 2, 4, 3}, p, false});
  p = Conv2dParams{};
  p.dilation_h = p.dilation_w = kMax;
  p.pad = Padding::symmetric(1);
  g.push_back({"dilation_max_one_tap", {1, 3, 4, 6}, {1, 1, 6, 17}, p, false});
  p = Conv2dParams{};
  p.dilation_h = kMax;
  p.stride_h = kMax;
  p.stride_w = 3;
  g.push_back({"dilation_h_max_stride_max_grouped", {1, 2, 7, 4}, {1, 2, 2, 6}, p, false});
  p.groups = 2;
  g.back().p = p;
  p = Conv2dParams{};
  p.stride_h = p.stride_w = kHuge;
  p.pad = Padding::symmetric(kHuge);
  g.push_back({"pads_2p40_stride_2p40", {1, 3, 3, 2}, {1, 1, 2, 3}, p, true});
  p = Conv2dParams{};
  p.dilation_h = kHuge;
  p.pad = Padding{kHuge, 0, 1, 1};
  g.push_back({"pad_top_2p40_dilation_2p40", {1, 3, 4, 5}, {2, 3, 5, 4}, p, true});
  // Depthwise layers (the depthwise variants take them).
  p = Conv2dParams{};
  p.stride_h = p.stride_w = kMax;
  p.pad = Padding::symmetric(1);
  p.groups = 3;
  g.push_back({"depthwise_stride_max", {1, 4, 4, 3}, {3, 3, 1, 3}, p, false});
  p = Conv2dParams{};
  p.dilation_h = p.dilation_w = kMax;
  p.stride_w = 2;
  p.pad = Padding{1, 1, 0, 2};
  p.groups = 5;
  g.push_back({"depthwise_dilation_max_stride_2", {2, 3, 6, 5}, {1, 1, 1, 5}, p, false});
  p = Conv2dParams{};
  p.stride_h = p.stride_w = kHuge;
  p.pad = Padding::symmetric(kHuge);
  p.groups = 2;
  g.push_back({"depthwise_pads_2p40_stride_2p40", {1, 3, 3, 2}, {1, 1, 1, 2}, p, true});
  return g;
}

std::vector<float> integers(std::int64_t n, int seed) {
  std::vector<float> v(static_cast<std::size_t>(n));
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = static_cast<float>(static_cast<int>((i * 7 + seed) % 9) - 4);
  return v;
}

std::int64_t count(const NhwcShape& s) { return s.n * s.h * s.w * s.c; }
std::int64_t count(const HwioShape& s) { return s.kh * s.kw * s.c_in_per_group * s.c_out; }

// Every runnable variant of `op` against the reference on `call`'s output (of `n` elements).
void check_every_variant(OpId op, const Geometry& g, std::int64_t n,
                         const std::function<void(float* out, const Context&)>& call) {
  SCOPED_TRACE(std::string(to_string(op)) + " on " + g.name);
  Context ref_ctx = Context::defaults();
  ref_ctx.force_variant(op, std::string(to_string(op)) + ".ref");
  std::vector<float> want(static_cast<std::size_t>(n), -99.0f);
  call(want.data(), ref_ctx);
  int ran = 0;
  for (const VariantInfo& v : list_variants(op, DType::f32)) {
    if (v.isa > detected_isa() || !conv2d_variant_takes(v.name, g.p.groups, g.w.c_in_per_group, g.w.c_out)) continue;
    Context ctx = Context::defaults();
    ctx.force_variant(op, v.name).set_num_threads(2);
    std::vector<float> got(static_cast<std::size_t>(n), -99.0f);
    try {
      call(got.data(), ctx);
      EXPECT_EQ(0, std::memcmp(got.data(), want.data(), got.size() * sizeof(float))) << v.name;
      ++ran;
    } catch (const Error& e) {
      // The depthwise variants index like the blocked ones and pass on the same padding.
      const bool blocked = v.name.find(".blocked.") != std::string::npos || is_depthwise_variant(v.name);
      EXPECT_TRUE(blocked && g.blocked_may_decline) << v.name << " failed: " << e.what();
      EXPECT_EQ(e.status(), Status::unsupported) << v.name << ": " << e.what();
      EXPECT_NE(std::string(e.what()).find("cannot run"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("padding"), std::string::npos) << e.what();
      for (float f : got) ASSERT_EQ(f, -99.0f) << v.name << " wrote its output before failing";
    }
  }
  EXPECT_GE(ran, 2);  // the reference and the simd variants at least
}

TEST(Conv2dExtremeGeometry, EveryVariantMatchesTheReferenceOrDeclinesClearly) {
  for (const Geometry& g : geometries()) {
    const NhwcShape ys = conv2d_output_shape(g.x, g.w, g.p);
    ASSERT_LT(count(ys), 1000) << g.name;  // the geometries keep their outputs small
    const std::vector<float> x = integers(count(g.x), 1), w = integers(count(g.w), 2), dy = integers(count(ys), 3);
    const std::vector<float> b = integers(g.w.c_out, 4);
    check_every_variant(OpId::conv2d_fwd, g, count(ys), [&](float* y, const Context& ctx) {
      conv2d_forward<float>({x.data(), g.x}, {w.data(), g.w}, {b.data(), g.w.c_out}, {y, ys}, g.p, ctx);
    });
    check_every_variant(OpId::conv2d_bwd_data, g, count(g.x), [&](float* dx, const Context& ctx) {
      conv2d_backward_data<float>({dy.data(), ys}, {w.data(), g.w}, {dx, g.x}, g.p, ctx);
    });
    check_every_variant(OpId::conv2d_bwd_weights, g, count(g.w), [&](float* dw, const Context& ctx) {
      conv2d_backward_weights<float>({x.data(), g.x}, {dy.data(), ys}, {dw, g.w}, g.p, ctx);
    });
  }
}

}  // namespace
}  // namespace cnnkit::test::validation

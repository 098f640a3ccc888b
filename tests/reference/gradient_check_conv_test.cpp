// conv2d_backward_data / _weights / _bias (reference variants) against central differences of
// conv2d_forward, over strides 1-3, asymmetric padding, dilation, groups (depthwise and
// c_out != c_in per group), non-square kernels, batch > 1 and no bias.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "cnnkit/geometry.hpp"
#include "cnnkit/ops.hpp"
#include "reference/case_io.hpp"
#include "reference/gradient_check.hpp"
#include "reference/reference_context.hpp"
#include "support/random_fill.hpp"

namespace cnnkit::test {
namespace {

struct ConvConfig {
  const char* name;
  NhwcShape x;
  std::int64_t kh, kw, c_out;
  Conv2dParams params;
  bool bias;
};

Conv2dParams conv(std::int64_t sh, std::int64_t sw, Padding pad, std::int64_t dh = 1, std::int64_t dw = 1,
                  std::int64_t groups = 1) {
  Conv2dParams p;
  p.stride_h = sh;
  p.stride_w = sw;
  p.pad = pad;
  p.dilation_h = dh;
  p.dilation_w = dw;
  p.groups = groups;
  return p;
}

const ConvConfig kConfigs[] = {
    {"Basic3x3Pad1", {1, 5, 5, 2}, 3, 3, 3, conv(1, 1, {1, 1, 1, 1}), true},
    {"Stride2AsymmetricPadNonSquareBatch2", {2, 6, 7, 3}, 2, 3, 2, conv(2, 2, {0, 2, 1, 0}), true},
    {"Stride3DilationNonSquare", {1, 9, 8, 2}, 3, 2, 3, conv(3, 3, {2, 1, 0, 2}, 2, 1), true},
    {"GroupsCoutNeCinPerGroupDilation", {2, 7, 7, 4}, 2, 2, 6, conv(1, 2, {1, 0, 0, 1}, 2, 2, 2), true},
    {"Depthwise", {1, 6, 6, 3}, 3, 3, 3, conv(2, 2, {1, 1, 1, 1}, 1, 1, 3), true},
    {"DepthwiseMultiplierNoBias", {2, 6, 5, 3}, 2, 3, 6, conv(3, 1, {1, 0, 2, 2}, 1, 3, 3), false},
    {"Pointwise1x1Stride2", {1, 5, 6, 4}, 1, 1, 5, conv(2, 2, {0, 0, 0, 0}), true},
    {"KernelCoversPaddedInput", {1, 3, 4, 2}, 4, 5, 2, conv(1, 2, {1, 0, 1, 1}), true},
};

class ConvGradientCheck : public ::testing::TestWithParam<ConvConfig> {};

TEST_P(ConvGradientCheck, BackwardMatchesFiniteDifferences) {
  const ConvConfig& cfg = GetParam();
  const Context& ctx = reference_context();
  const Conv2dParams& p = cfg.params;
  const HwioShape ws{cfg.kh, cfg.kw, cfg.x.c / p.groups, cfg.c_out};
  const NhwcShape ys = conv2d_output_shape(cfg.x, ws, p);

  RandomFill rng(101);
  std::vector<double> x = rng.uniform<double>(count(cfg.x)), w = rng.uniform<double>(count(ws)),
                      b = cfg.bias ? rng.uniform<double>(cfg.c_out) : std::vector<double>{},
                      r = rng.uniform<double>(count(ys));
  const auto objective = [&] {
    std::vector<double> y(count(ys));
    const VectorView<const double> bias =
        b.empty() ? VectorView<const double>{} : VectorView<const double>{b.data(), cfg.c_out};
    conv2d_forward<double>({x.data(), cfg.x}, {w.data(), ws}, bias, {y.data(), ys}, p, ctx);
    return dot(y, r);
  };

  std::vector<double> dx(count(cfg.x)), dw(count(ws)), db(cfg.c_out);
  conv2d_backward_data<double>({r.data(), ys}, {w.data(), ws}, {dx.data(), cfg.x}, p, ctx);
  conv2d_backward_weights<double>({x.data(), cfg.x}, {r.data(), ys}, {dw.data(), ws}, p, ctx);
  EXPECT_TRUE(gradients_agree("dx", dx, central_differences(x, objective)));
  EXPECT_TRUE(gradients_agree("dw", dw, central_differences(w, objective)));
  if (cfg.bias) {
    conv2d_backward_bias<double>({r.data(), ys}, {db.data(), cfg.c_out}, ctx);
    EXPECT_TRUE(gradients_agree("db", db, central_differences(b, objective)));
  }
}

INSTANTIATE_TEST_SUITE_P(Reference, ConvGradientCheck, ::testing::ValuesIn(kConfigs),
                         [](const ::testing::TestParamInfo<ConvConfig>& param_info) { return std::string(param_info.param.name); });

}  // namespace
}  // namespace cnnkit::test

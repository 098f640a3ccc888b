// pool2d_backward (reference variant) against central differences of pool2d_forward: max pooling
// without ties, average pooling with both divisors, ceil mode, four-sided padding, strides 1-3.
#include <algorithm>
#include <numeric>
#include <random>
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

struct PoolConfig {
  std::string name;
  NhwcShape x;
  Pool2dParams params;
};

Pool2dParams pool(PoolMode mode, std::int64_t kh, std::int64_t kw, std::int64_t sh, std::int64_t sw, Padding pad,
                  bool ceil_mode, bool count_include_pad) {
  Pool2dParams p;
  p.mode = mode;
  p.kernel_h = kh;
  p.kernel_w = kw;
  p.stride_h = sh;
  p.stride_w = sw;
  p.pad = pad;
  p.ceil_mode = ceil_mode;
  p.count_include_pad = count_include_pad;
  return p;
}

// Each geometry once for max and once per average divisor.
std::vector<PoolConfig> configs() {
  struct Geometry {
    const char* name;
    NhwcShape x;
    std::int64_t kh, kw, sh, sw;
    Padding pad;
    bool ceil_mode;
  };
  const Geometry geometries[] = {
      {"K2S2", {1, 4, 6, 2}, 2, 2, 2, 2, {0, 0, 0, 0}, false},
      {"K3S1Pad1Batch2", {2, 5, 4, 2}, 3, 3, 1, 1, {1, 1, 1, 1}, false},
      {"K3x2S2x1AsymmetricPad", {1, 6, 5, 3}, 3, 2, 2, 1, {2, 0, 0, 1}, false},
      {"K3S2CeilPad", {2, 6, 7, 2}, 3, 3, 2, 2, {1, 0, 0, 1}, true},
      {"K2S3Gaps", {1, 8, 7, 2}, 2, 2, 3, 3, {0, 0, 0, 0}, false},
      {"K3S3CeilAsymmetricPad", {1, 7, 8, 2}, 3, 3, 3, 3, {0, 2, 1, 0}, true},
      // The last ceil-mode window of each axis reaches past the padding (that overhang is never counted).
      {"K3S2CeilOverhangBothAxes", {1, 6, 8, 2}, 3, 3, 2, 2, {1, 1, 1, 1}, true},
      // Height: the ceil-mode window that would start in the bottom padding is dropped.
      {"K3S2CeilDropsWindow", {1, 4, 5, 2}, 3, 3, 2, 2, {0, 2, 1, 1}, true},
  };
  std::vector<PoolConfig> out;
  for (const Geometry& g : geometries) {
    out.push_back({std::string("Max") + g.name, g.x, pool(PoolMode::max, g.kh, g.kw, g.sh, g.sw, g.pad, g.ceil_mode, false)});
    out.push_back({std::string("AvgIncludePad") + g.name, g.x,
                   pool(PoolMode::avg, g.kh, g.kw, g.sh, g.sw, g.pad, g.ceil_mode, true)});
    out.push_back({std::string("AvgExcludePad") + g.name, g.x,
                   pool(PoolMode::avg, g.kh, g.kw, g.sh, g.sw, g.pad, g.ceil_mode, false)});
  }
  return out;
}

// Distinct values at least 0.01 apart, shuffled: no max window holds a tie, and no +-h step of the
// finite difference can change a window's winner.
std::vector<double> distinct_values(std::int64_t n, RandomFill& rng) {
  std::vector<double> v(static_cast<std::size_t>(n));
  std::iota(v.begin(), v.end(), 0.0);
  for (double& e : v) e = (e - static_cast<double>(n) / 2) * 0.01;
  std::shuffle(v.begin(), v.end(), rng.engine());
  return v;
}

class PoolGradientCheck : public ::testing::TestWithParam<PoolConfig> {};

TEST_P(PoolGradientCheck, BackwardMatchesFiniteDifferences) {
  const PoolConfig& cfg = GetParam();
  const Context& ctx = reference_context();
  const NhwcShape ys = pool2d_output_shape(cfg.x, cfg.params);
  RandomFill rng(202);
  std::vector<double> x = distinct_values(count(cfg.x), rng);
  const std::vector<double> r = rng.uniform<double>(count(ys));
  const auto objective = [&] {
    std::vector<double> y(count(ys));
    pool2d_forward<double>({x.data(), cfg.x}, {y.data(), ys}, cfg.params, ctx);
    return dot(y, r);
  };
  std::vector<double> dx(count(cfg.x));
  pool2d_backward<double>({x.data(), cfg.x}, {r.data(), ys}, {dx.data(), cfg.x}, cfg.params, ctx);
  EXPECT_TRUE(gradients_agree("dx", dx, central_differences(x, objective)));
}

INSTANTIATE_TEST_SUITE_P(Reference, PoolGradientCheck, ::testing::ValuesIn(configs()),
                         [](const ::testing::TestParamInfo<PoolConfig>& param_info) { return param_info.param.name; });

}  // namespace
}  // namespace cnnkit::test

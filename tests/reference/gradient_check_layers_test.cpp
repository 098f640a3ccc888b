// relu_backward, dense_backward_* and softmax_cross_entropy's gradient (reference variants)
// against central differences of their forward functions.
#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "cnnkit/ops.hpp"
#include "reference/gradient_check.hpp"
#include "reference/reference_context.hpp"
#include "support/random_fill.hpp"

namespace cnnkit::test {
namespace {

TEST(ReluGradientCheck, BackwardMatchesFiniteDifferences) {
  const Context& ctx = reference_context();
  RandomFill rng(301);
  const std::int64_t n = 64;
  std::vector<double> x = rng.uniform<double>(n, -2, 2);
  // relu is not differentiable at 0: keep every input at least 0.01 away from it.
  for (double& v : x)
    if (std::fabs(v) < 0.01) v = std::copysign(0.01 + std::fabs(v), v);
  const std::vector<double> r = rng.uniform<double>(n);
  const auto objective = [&] {
    std::vector<double> y(n);
    relu_forward<double>({x.data(), n}, {y.data(), n}, ctx);
    return dot(y, r);
  };
  std::vector<double> dx(n);
  relu_backward<double>({x.data(), n}, {r.data(), n}, {dx.data(), n}, ctx);
  EXPECT_TRUE(gradients_agree("dx", dx, central_differences(x, objective)));
}

struct DenseConfig {
  const char* name;
  std::int64_t m, n_in, n_out;
  bool bias;
};

class DenseGradientCheck : public ::testing::TestWithParam<DenseConfig> {};

TEST_P(DenseGradientCheck, BackwardMatchesFiniteDifferences) {
  const DenseConfig& cfg = GetParam();
  const Context& ctx = reference_context();
  RandomFill rng(302);
  std::vector<double> x = rng.uniform<double>(cfg.m * cfg.n_in), w = rng.uniform<double>(cfg.n_in * cfg.n_out),
                      b = cfg.bias ? rng.uniform<double>(cfg.n_out) : std::vector<double>{};
  const std::vector<double> r = rng.uniform<double>(cfg.m * cfg.n_out);
  const auto objective = [&] {
    std::vector<double> y(cfg.m * cfg.n_out);
    const VectorView<const double> bias =
        b.empty() ? VectorView<const double>{} : VectorView<const double>{b.data(), cfg.n_out};
    dense_forward<double>({x.data(), cfg.m, cfg.n_in}, {w.data(), cfg.n_in, cfg.n_out}, bias,
                          {y.data(), cfg.m, cfg.n_out}, ctx);
    return dot(y, r);
  };
  std::vector<double> dx(x.size()), dw(w.size()), db(cfg.n_out);
  dense_backward_data<double>({r.data(), cfg.m, cfg.n_out}, {w.data(), cfg.n_in, cfg.n_out},
                              {dx.data(), cfg.m, cfg.n_in}, ctx);
  dense_backward_weights<double>({x.data(), cfg.m, cfg.n_in}, {r.data(), cfg.m, cfg.n_out},
                                 {dw.data(), cfg.n_in, cfg.n_out}, ctx);
  EXPECT_TRUE(gradients_agree("dx", dx, central_differences(x, objective)));
  EXPECT_TRUE(gradients_agree("dw", dw, central_differences(w, objective)));
  if (cfg.bias) {
    dense_backward_bias<double>({r.data(), cfg.m, cfg.n_out}, {db.data(), cfg.n_out}, ctx);
    EXPECT_TRUE(gradients_agree("db", db, central_differences(b, objective)));
  }
}

const DenseConfig kDenseConfigs[] = {
    {"Batch3", 3, 5, 4, true},
    {"Batch1", 1, 7, 2, true},
    {"NoBias", 4, 3, 6, false},
};

INSTANTIATE_TEST_SUITE_P(Reference, DenseGradientCheck, ::testing::ValuesIn(kDenseConfigs),
                         [](const ::testing::TestParamInfo<DenseConfig>& param_info) { return std::string(param_info.param.name); });

// The loss itself is the objective here (a scalar): dlogits must be its gradient.
TEST(SoftmaxXentGradientCheck, ProbabilityLabels) {
  const Context& ctx = reference_context();
  RandomFill rng(303);
  const std::int64_t m = 3, k = 5;
  std::vector<double> logits = rng.uniform<double>(m * k, -3, 3);
  // Not one-hot and not normalised (as seed 002 feeds): row sums differ from 1.
  const std::vector<double> labels = rng.uniform<double>(m * k, -0.5, 1.0);
  const auto loss = [&] {
    return softmax_cross_entropy<double>({logits.data(), m, k}, MatrixView<const double>{labels.data(), m, k},
                                         MatrixView<double>{}, ctx);
  };
  std::vector<double> d(m * k);
  softmax_cross_entropy<double>({logits.data(), m, k}, MatrixView<const double>{labels.data(), m, k}, {d.data(), m, k},
                                ctx);
  EXPECT_TRUE(gradients_agree("dlogits", d, central_differences(logits, loss)));
}

TEST(SoftmaxXentGradientCheck, IndexLabels) {
  const Context& ctx = reference_context();
  RandomFill rng(304);
  const std::int64_t m = 4, k = 6;
  std::vector<double> logits = rng.uniform<double>(m * k, -4, 4);
  const std::vector<std::int64_t> labels{0, 5, 2, 2};
  const auto loss = [&] {
    return softmax_cross_entropy<double>({logits.data(), m, k}, VectorView<const std::int64_t>{labels.data(), m},
                                         MatrixView<double>{}, ctx);
  };
  std::vector<double> d(m * k);
  softmax_cross_entropy<double>({logits.data(), m, k}, VectorView<const std::int64_t>{labels.data(), m},
                                {d.data(), m, k}, ctx);
  EXPECT_TRUE(gradients_agree("dlogits", d, central_differences(logits, loss)));
}

TEST(SoftmaxXentGradientCheck, LargeLogitsStayFinite) {
  // Logits near 1e3: exp would overflow without the max shift. Relative perturbations of the
  // difference quotient need a larger step here (the loss is ~1e3 in magnitude).
  const Context& ctx = reference_context();
  RandomFill rng(305);
  const std::int64_t m = 2, k = 4;
  std::vector<double> logits = rng.uniform<double>(m * k, -3, 3);
  for (std::int64_t i = 0; i < m * k; ++i) logits[i] += (i % 2 ? 1000.0 : -1000.0);
  const std::vector<std::int64_t> labels{1, 2};
  const auto loss = [&] {
    return softmax_cross_entropy<double>({logits.data(), m, k}, VectorView<const std::int64_t>{labels.data(), m},
                                         MatrixView<double>{}, ctx);
  };
  std::vector<double> d(m * k);
  const double l = softmax_cross_entropy<double>({logits.data(), m, k}, VectorView<const std::int64_t>{labels.data(), m},
                                                 {d.data(), m, k}, ctx);
  EXPECT_TRUE(std::isfinite(l));
  EXPECT_TRUE(gradients_agree("dlogits", d, central_differences(logits, loss, 1e-4), 1e-6));
}

}  // namespace
}  // namespace cnnkit::test

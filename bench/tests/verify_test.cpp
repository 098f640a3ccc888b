// compare_outputs: the tolerance of tests/data/fixtures/README.md, NaN and infinity rules.
#include "common/verify.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace cnnkit::bench {
namespace {

Snapshot of(std::vector<double> v) { return Snapshot{std::move(v)}; }

TEST(CompareOutputs, ExactAndWithinTolerance) {
  EXPECT_TRUE(compare_outputs(of({1, -2, 3}), of({1, -2, 3}), DType::f32).ok);
  // f32: |err| <= 1e-4 |ref| + 1e-4 max(1, max|ref|); here max|ref| = 100, so 0.0101 is allowed at 1.
  const auto near = compare_outputs(of({1.01, 100}), of({1, 100}), DType::f32);
  EXPECT_TRUE(near.ok);
  EXPECT_NEAR(near.max_abs_error, 0.01, 1e-12);
  EXPECT_FALSE(compare_outputs(of({1.02, 100}), of({1, 100}), DType::f32).ok);
  // f64 is far stricter.
  EXPECT_FALSE(compare_outputs(of({1 + 1e-8}), of({1}), DType::f64).ok);
  EXPECT_TRUE(compare_outputs(of({1 + 1e-11}), of({1}), DType::f64).ok);
}

TEST(CompareOutputs, ReportsTheFirstBadElement) {
  const auto r = compare_outputs(of({0, 5, 7}), of({0, 4, 8}), DType::f32);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.first_bad, 1);
  EXPECT_EQ(r.max_abs_error, 1);
  EXPECT_NE(r.detail.find("element 1"), std::string::npos);
}

TEST(CompareOutputs, NanAndInfinity) {
  const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
  EXPECT_TRUE(compare_outputs(of({nan, inf, -inf}), of({nan, inf, -inf}), DType::f32).ok);
  EXPECT_FALSE(compare_outputs(of({0}), of({nan}), DType::f32).ok);
  EXPECT_FALSE(compare_outputs(of({nan}), of({0}), DType::f32).ok);
  EXPECT_FALSE(compare_outputs(of({inf}), of({-inf}), DType::f32).ok);
  EXPECT_FALSE(compare_outputs(of({1e30}), of({inf}), DType::f32).ok);
}

TEST(CompareOutputs, SizeMismatch) { EXPECT_FALSE(compare_outputs(of({1, 2}), of({1}), DType::f32).ok); }

}  // namespace
}  // namespace cnnkit::bench

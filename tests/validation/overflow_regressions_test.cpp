// Regressions of the differential fuzzer's size findings (issue 9) that need more than a rule's
// status and message: the result of a valid call whose absent outputs carry overflowing shapes,
// flatten's own checks, and an Adam step with a huge but representable learning rate.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "cnnkit/cnnkit.h"
#include "cnnkit/cnnkit.hpp"

namespace cnnkit {
namespace {

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();

// dense_backward asked only for db: x, w, dx and dw are absent, so n_in may be anything the
// caller passes, INT64_MAX included; db must still be the column sums of dy.
template <class T>
void check_db_only(const std::vector<T>& dy, std::int64_t m, std::int64_t n_out) {
  std::vector<T> expected(static_cast<std::size_t>(n_out), T(0));
  for (std::int64_t i = 0; i < m; ++i)
    for (std::int64_t j = 0; j < n_out; ++j) expected[j] += dy[i * n_out + j];

  std::vector<T> db(static_cast<std::size_t>(n_out), T(-1));
  dense_backward<T>(MatrixView<const T>(nullptr, m, kMax), MatrixView<const T>(nullptr, kMax, n_out),
                    MatrixView<const T>(dy.data(), m, n_out), MatrixView<T>(nullptr, m, kMax),
                    MatrixView<T>(nullptr, kMax, n_out), VectorView<T>(db.data(), n_out));
  EXPECT_EQ(db, expected);

  std::vector<T> db_c(static_cast<std::size_t>(n_out), T(-1));
  cnnkit_status status;
  const cnnkit_matrix xs{m, kMax}, ws{kMax, n_out}, dys{m, n_out};
  if constexpr (std::is_same_v<T, float>)
    status = cnnkit_dense_backward_f32(nullptr, nullptr, xs, nullptr, ws, dy.data(), dys, nullptr, xs, nullptr, ws,
                                       db_c.data(), n_out);
  else
    status = cnnkit_dense_backward_f64(nullptr, nullptr, xs, nullptr, ws, dy.data(), dys, nullptr, xs, nullptr, ws,
                                       db_c.data(), n_out);
  ASSERT_EQ(status, CNNKIT_STATUS_OK) << cnnkit_last_error();
  EXPECT_EQ(db_c, expected);
}

TEST(OverflowRegressions, DenseBackwardDbOnlyWithNInInt64Max) {
  check_db_only<float>({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, 3, 4);
  check_db_only<double>({0.5, -2, 3, 4, 5.25, 6, 7, -8, 9, 10, 11, 12}, 4, 3);
}

TEST(OverflowRegressions, FlattenRejectsWhatItCannotMultiply) {
  float cell = 0;
  const MatrixView<float> ok = flatten(NhwcView<float>(&cell, {2, 3, 4, 5}));
  EXPECT_EQ(ok.data, &cell);
  EXPECT_EQ(ok.rows, 2);
  EXPECT_EQ(ok.cols, 60);
  // h*w*c = 2^63 overflows; the largest representable product is accepted.
  const auto expect_error = [&](NhwcShape s, const char* got) {
    try {
      flatten(NhwcView<float>(&cell, s));
      ADD_FAILURE() << "flatten accepted " << got;
    } catch (const Error& e) {
      EXPECT_EQ(e.status(), Status::invalid_argument);
      EXPECT_THAT(e.what(), ::testing::HasSubstr("cnnkit::flatten: argument 'x'"));
      EXPECT_THAT(e.what(), ::testing::HasSubstr("h*w*c representable in int64"));
      EXPECT_THAT(e.what(), ::testing::HasSubstr(got));
    }
  };
  expect_error({1, std::int64_t{1} << 31, std::int64_t{1} << 31, 2}, "(1, 2147483648, 2147483648, 2)");
  expect_error({1, kMax, 2, 1}, "(1, 9223372036854775807, 2, 1)");
  expect_error({1, 2, 3, 0}, "(1, 2, 3, 0)");
  // Two negative dimensions multiply to a positive count: rejected, not passed on as valid.
  expect_error({1, -2, -3, 4}, "(1, -2, -3, 4)");
  EXPECT_EQ(flatten(NhwcView<float>(&cell, {1, kMax, 1, 1})).cols, kMax);
}

// lr = 1e300 is representable in double: the step runs and every value stays finite
// (in float the same call is rejected, see the adam_step rules).
TEST(OverflowRegressions, AdamHugeLearningRateIsFiniteInDouble) {
  std::vector<double> param{1, 2, 3}, grad{0.5, -1, 2}, m{0, 0, 0}, v{0, 0, 0};
  AdamParams p;
  p.lr = 1e300;
  adam_step<double>(VectorView<double>(param.data(), 3), VectorView<const double>(grad.data(), 3),
                    VectorView<double>(m.data(), 3), VectorView<double>(v.data(), 3), p);
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(std::isfinite(param[i])) << i;
    // The first step moves each parameter by about lr against its gradient's sign.
    EXPECT_LT(std::abs(param[i]) / 1e300, 1.01) << i;
    EXPECT_GT(std::abs(param[i]) / 1e300, 0.99) << i;
    EXPECT_EQ(std::signbit(param[i]), grad[i] > 0) << i;
  }
}

}  // namespace
}  // namespace cnnkit

// Finite-difference gradient checks in float64: a backward op is right if it matches central
// differences of the forward op's objective L = sum(y * r) for a random r (so every output
// element weighs in with its own factor). Shapes are kept small: each input element costs two
// forward calls.
#pragma once

#include <cmath>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace cnnkit::test {

inline double dot(const std::vector<double>& a, const std::vector<double>& b) {
  double s = 0;
  for (std::size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
  return s;
}

// dL/dv[i] ~ (L(v + h e_i) - L(v - h e_i)) / 2h for every i; v is restored.
template <class F>
std::vector<double> central_differences(std::vector<double>& v, F&& objective, double h = 1e-5) {
  std::vector<double> g(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) {
    const double saved = v[i];
    v[i] = saved + h;
    const double up = objective();
    v[i] = saved - h;
    const double down = objective();
    v[i] = saved;
    g[i] = (up - down) / (2 * h);
  }
  return g;
}

// |analytic - numeric| <= tol * (1 + |numeric|) everywhere. With h = 1e-5 the rounding error of
// the difference quotient is ~1e-10 for these magnitudes and the truncation error ~h^2, so 1e-7
// leaves a wide margin while a wrong index or a missing term (errors of order 1e-2..1) fails.
inline ::testing::AssertionResult gradients_agree(const std::string& what, const std::vector<double>& analytic,
                                                  const std::vector<double>& numeric, double tol = 1e-7) {
  if (analytic.size() != numeric.size())
    return ::testing::AssertionFailure() << what << ": " << analytic.size() << " vs " << numeric.size() << " elements";
  std::ostringstream bad;
  bad.precision(12);
  int failures = 0;
  for (std::size_t i = 0; i < analytic.size(); ++i) {
    if (std::fabs(analytic[i] - numeric[i]) <= tol * (1 + std::fabs(numeric[i]))) continue;
    if (++failures <= 8) bad << "\n  [" << i << "] backward " << analytic[i] << ", finite difference " << numeric[i];
  }
  if (failures == 0) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << what << ": " << failures << " of " << analytic.size()
                                       << " elements disagree" << bad.str();
}

}  // namespace cnnkit::test

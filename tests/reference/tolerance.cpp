#include "reference/tolerance.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace cnnkit::test {
namespace {

std::string shape_text(const std::vector<std::int64_t>& shape) {
  std::ostringstream o;
  o << '(';
  for (std::size_t i = 0; i < shape.size(); ++i) o << (i ? ", " : "") << shape[i];
  o << (shape.size() == 1 ? ",)" : ")");
  return o.str();
}

}  // namespace

const char* to_string(Precision precision) { return precision == Precision::f64 ? "float64" : "float32"; }

bool within_tolerance(double got, double expected, Precision precision, std::int64_t reduce, double max_abs_expected) {
  if (std::isnan(expected)) return std::isnan(got);
  if (std::isinf(expected)) return got == expected;
  if (!std::isfinite(got)) return false;
  const double err = std::fabs(got - expected);
  if (precision == Precision::f64) return err <= 1e-10 * static_cast<double>(reduce) * (1.0 + std::fabs(expected));
  return err <= 1e-4 * std::fabs(expected) + 1e-4 * std::max(1.0, max_abs_expected);
}

::testing::AssertionResult outputs_match(const std::string& what, const std::vector<std::int64_t>& got_shape,
                                         const std::vector<double>& got,
                                         const std::vector<std::int64_t>& expected_shape,
                                         const std::vector<double>& expected, Precision precision,
                                         std::int64_t reduce) {
  if (got_shape != expected_shape)
    return ::testing::AssertionFailure() << what << ": shape " << shape_text(got_shape) << ", expected "
                                         << shape_text(expected_shape);
  if (got.size() != expected.size())
    return ::testing::AssertionFailure() << what << ": " << got.size() << " elements, expected " << expected.size();
  if (reduce < 1) return ::testing::AssertionFailure() << what << ": reduction length K = " << reduce << " (must be >= 1)";
  double max_abs = 0;
  for (const double e : expected)
    if (std::isfinite(e)) max_abs = std::max(max_abs, std::fabs(e));

  std::ostringstream bad;
  bad.precision(17);
  std::size_t failures = 0, worst = 0;
  double worst_err = -1;
  for (std::size_t i = 0; i < got.size(); ++i) {
    if (within_tolerance(got[i], expected[i], precision, reduce, max_abs)) continue;
    if (failures < 8) bad << "\n  [" << i << "] got " << got[i] << ", expected " << expected[i];
    const double err = std::isfinite(got[i] - expected[i]) ? std::fabs(got[i] - expected[i]) : INFINITY;
    if (err > worst_err) {
      worst_err = err;
      worst = i;
    }
    ++failures;
  }
  if (failures == 0) return ::testing::AssertionSuccess();
  std::ostringstream msg;
  msg.precision(17);
  msg << what << " (" << to_string(precision) << ", K = " << reduce << "): " << failures << " of " << got.size()
      << " elements out of tolerance; worst [" << worst << "] got " << got[worst] << ", expected " << expected[worst]
      << bad.str();
  return ::testing::AssertionFailure() << msg.str();
}

}  // namespace cnnkit::test

// The fixtures' comparison rule (tests/data/fixtures/README.md, "Tolerance"):
//   float64: |got - exp| <= 1e-10 * K * (1 + |exp|), K the reduction length of the output;
//   float32 (inputs rounded to float): |got - exp| <= 1e-4 * |exp| + 1e-4 * max(1, max|exp|).
// NaN must meet NaN, and an infinity the same infinity.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace cnnkit::test {

enum class Precision { f64, f32 };

template <class T>
constexpr Precision precision_of() {
  return sizeof(T) == 8 ? Precision::f64 : Precision::f32;
}

const char* to_string(Precision precision);

// Whether one element is within tolerance. `max_abs_expected` is max|exp| over the finite
// elements of the whole output (the float32 rule's scale).
bool within_tolerance(double got, double expected, Precision precision, std::int64_t reduce, double max_abs_expected);

// Compares a whole output: shapes first, then every element; the message lists the first few
// elements out of tolerance and the worst one.
::testing::AssertionResult outputs_match(const std::string& what, const std::vector<std::int64_t>& got_shape,
                                         const std::vector<double>& got,
                                         const std::vector<std::int64_t>& expected_shape,
                                         const std::vector<double>& expected, Precision precision,
                                         std::int64_t reduce);

}  // namespace cnnkit::test

// Element comparisons for checking one implementation against another, and the rounding-error
// bound that makes tolerances rigorous instead of guessed.
#pragma once

#include <cstdint>
#include <limits>
#include <string>

namespace cnnkit::test {

// Unit roundoff u of T (half the machine epsilon).
template <class T>
constexpr double unit_roundoff() {
  return std::numeric_limits<T>::epsilon() / 2;
}

// gamma_n = n*u / (1 - n*u): a sum of n products computed in floating point, in any order, with or
// without FMA, differs from the exact sum by at most gamma_n * sum |x_i * y_i| (Higham, Accuracy
// and Stability of Numerical Algorithms, 3.1). Infinite when n*u >= 1.
double rounding_gamma(std::int64_t n, double u);

// True for the guard canary and the unwritten-output poison of GuardedBuffer.
template <class T>
bool is_marker(T v);

// The equality of "exact" comparisons: identical bits, with two exceptions that carry no numeric
// meaning -- +0 equals -0, and any NaN equals any NaN (payload and sign are not part of the
// contract) unless it is a marker, so an output left unwritten never matches.
template <class T>
bool exactly_equal(T got, T expected);

// |got - expected| <= tolerance, computed without rounding; NaN matches NaN (markers excepted),
// an infinity matches only the same infinity.
template <class T>
bool within_tolerance(T got, T expected, double tolerance);

// "1.5 (0x3fc00000)": the value and its bits, for failure messages.
template <class T>
std::string show_value(T v);

}  // namespace cnnkit::test

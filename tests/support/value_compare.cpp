#include "support/value_compare.hpp"

#include <bit>
#include <cmath>
#include <cstdio>

#include "support/guarded_buffer.hpp"

namespace cnnkit::test {

double rounding_gamma(std::int64_t n, double u) {
  const double nu = static_cast<double>(n) * u;
  return nu >= 1 ? std::numeric_limits<double>::infinity() : nu / (1 - nu);
}

template <class T>
bool is_marker(T v) {
  return same_bits(v, canary_value<T>()) || same_bits(v, poison_value<T>());
}

template <class T>
bool exactly_equal(T got, T expected) {
  if (same_bits(got, expected)) return !is_marker(got) || is_marker(expected);
  if (got == 0 && expected == 0) return true;
  return std::isnan(got) && std::isnan(expected) && !is_marker(got);
}

template <class T>
bool within_tolerance(T got, T expected, double tolerance) {
  if (std::isnan(got) || std::isnan(expected)) return exactly_equal(got, expected);
  if (std::isinf(got) || std::isinf(expected)) return got == expected;
  // long double holds the difference of two doubles of similar size exactly enough for a
  // tolerance test; for float it is exact.
  const long double diff = std::fabs(static_cast<long double>(got) - static_cast<long double>(expected));
  return diff <= static_cast<long double>(tolerance);
}

template <class T>
std::string show_value(T v) {
  char text[80];
  if constexpr (sizeof(T) == 4)
    std::snprintf(text, sizeof text, "%.9g (0x%08x)", static_cast<double>(v), std::bit_cast<std::uint32_t>(v));
  else
    std::snprintf(text, sizeof text, "%.17g (0x%016llx)", static_cast<double>(v),
                  static_cast<unsigned long long>(std::bit_cast<std::uint64_t>(v)));
  std::string s = text;
  if (same_bits(v, poison_value<T>())) s += " [never written]";
  if (same_bits(v, canary_value<T>())) s += " [guard canary]";
  return s;
}

#define CNNKIT_INSTANTIATE(T)                              \
  template bool is_marker<T>(T);                          \
  template bool exactly_equal<T>(T, T);                   \
  template bool within_tolerance<T>(T, T, double);        \
  template std::string show_value<T>(T);
CNNKIT_INSTANTIATE(float)
CNNKIT_INSTANTIATE(double)
#undef CNNKIT_INSTANTIATE

}  // namespace cnnkit::test

// NaNs of every kind for the bit-exact ops (relu, pad): the shared special-value fill gives only
// the default quiet NaN, so these turn some of them into a negative NaN and a NaN with a
// payload. Those bits must come out unchanged: an arithmetic max, or a conversion through
// another type, could flip the sign or drop the payload.
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>
#include <vector>

namespace cnnkit::test::equiv {

// A quiet NaN with the sign bit set and payload bits near the top and bottom of the fraction.
template <class T>
T negative_payload_nan() {
  if constexpr (sizeof(T) == 4)
    return std::bit_cast<T>(std::uint32_t{0xFFE00002u});
  else
    return std::bit_cast<T>(std::uint64_t{0xFFFC000040000000ull});  // as a float: 0xFFE00002
}

// A positive quiet NaN with a payload.
template <class T>
T payload_nan() {
  if constexpr (sizeof(T) == 4)
    return std::bit_cast<T>(std::uint32_t{0x7FC12345u});
  else
    return std::bit_cast<T>(std::uint64_t{0x7FF8123456789ABCull});
}

// Every NaN at an index i with i % 3 == 1 becomes negative_payload_nan, i % 3 == 2 payload_nan.
template <class T>
void vary_nans(std::vector<T>& v) {
  for (std::size_t i = 0; i < v.size(); ++i)
    if (std::isnan(v[i])) v[i] = i % 3 == 1 ? negative_payload_nan<T>() : i % 3 == 2 ? payload_nan<T>() : v[i];
}

}  // namespace cnnkit::test::equiv

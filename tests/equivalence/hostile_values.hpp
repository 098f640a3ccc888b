// Special values beyond the shared special fill (which has only the default quiet NaN), for the
// ops whose variants must give the reference's bits: NaNs of every sign and payload, signaling
// ones included (an add quiets them, a selection must not), the largest finite values (whose
// sums overflow to +-inf, and +inf + -inf makes the default NaN) and negative subnormals.
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "support/random_fill.hpp"

namespace cnnkit::test::equiv {

// The NaNs drawn from: quiet and signaling, both signs, payloads near both ends of the fraction.
template <class T>
T hostile_nan(int which) {
  if constexpr (sizeof(T) == 4) {
    constexpr std::uint32_t nans[] = {0x7FC00000u, 0xFFC00000u, 0x7FC01234u, 0xFFC0BEEFu, 0x7F800001u, 0xFFA00002u};
    return std::bit_cast<T>(nans[which % 6]);
  } else {
    constexpr std::uint64_t nans[] = {0x7FF8000000000000ull, 0xFFF8000000000000ull, 0x7FF8000000001234ull,
                                      0xFFF800000000BEEFull, 0x7FF0000000000001ull, 0xFFF4000000000002ull};
    return std::bit_cast<T>(nans[which % 6]);
  }
}

// Every NaN of v becomes one of hostile_nan's, at random; about 3% of the other values become
// +-max and 2% the negative smallest subnormal.
template <class T>
void add_hostile_values(std::vector<T>& v, RandomFill& rng) {
  std::uniform_int_distribution<int> pick(0, 99), nan(0, 5);
  for (auto& x : v) {
    if (std::isnan(x)) {
      x = hostile_nan<T>(nan(rng.engine()));
      continue;
    }
    const int p = pick(rng.engine());
    if (p < 3)
      x = (p % 2 ? -1 : 1) * std::numeric_limits<T>::max();
    else if (p < 5)
      x = -std::numeric_limits<T>::denorm_min();
  }
}

}  // namespace cnnkit::test::equiv

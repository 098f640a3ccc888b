// What the fuzzer derives from libFuzzer's bytes: geometry (mostly small and valid, sometimes
// hostile), parameters, tensor contents (special values included) and the execution context.
// Everything is drawn through FuzzedDataProvider, so the same bytes always give the same case.
#pragma once

#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <cstring>
#include <limits>
#include <string>

#include "cnnkit/cnnkit.hpp"

namespace cnnkit::fuzz {

class FuzzInput {
 public:
  FuzzInput(const std::uint8_t* data, std::size_t size) : fdp_(data, size) {}

  // A hostile case draws some values from the edges of int64 (invalid or overflowing); a valid
  // case keeps every size small and every parameter in its valid range.
  bool hostile() const { return hostile_; }
  void set_hostile(bool h) { hostile_ = h; }

  bool flag() { return fdp_.ConsumeBool(); }
  template <class I>
  I pick(I lo, I hi) {
    return fdp_.ConsumeIntegralInRange<I>(lo, hi);
  }
  std::uint64_t bits64() { return fdp_.ConsumeIntegral<std::uint64_t>(); }

  // A size in [lo, hi]; in a hostile case, one time in eight an extreme value instead.
  std::int64_t size(std::int64_t lo, std::int64_t hi) {
    if (hostile_ && pick<int>(0, 7) == 0) return extreme();
    return pick<std::int64_t>(lo, hi);
  }

  // Values that break naive size arithmetic.
  std::int64_t extreme() {
    static constexpr std::int64_t values[] = {0,
                                              -1,
                                              std::numeric_limits<std::int64_t>::min(),
                                              std::numeric_limits<std::int64_t>::max(),
                                              std::numeric_limits<std::int64_t>::max() - 1,
                                              std::int64_t{1} << 31,
                                              (std::int64_t{1} << 32) + 1,
                                              std::int64_t{1} << 40,
                                              std::int64_t{1} << 62,
                                              std::numeric_limits<std::int64_t>::max() / 3};
    return values[pick<std::size_t>(0, std::size(values) - 1)];
  }

  // A double parameter (Adam): mostly ordinary, sometimes special or out of range.
  double real_param(double lo, double hi) {
    switch (pick<int>(0, hostile_ ? 9 : 5)) {
      case 6: return std::numeric_limits<double>::quiet_NaN();
      case 7: return pick<int>(0, 1) ? std::numeric_limits<double>::infinity() : 1e300;
      case 8: return -hi;
      case 9: return std::numeric_limits<double>::denorm_min();
      default: return lo + (hi - lo) * fdp_.ConsumeProbability<double>();
    }
  }

  // How a tensor is filled: a seed and a mix, so a large tensor costs a few bytes of input.
  struct FillSpec {
    std::uint64_t seed;
    int mix;  // 0: small integers, 1: reals in [-1, 1), 2: reals with specials, 3: mostly specials
    int planted;  // up to 3 positions set to a chosen special value
    std::uint64_t plant_pos[3];
    int plant_kind[3];
  };
  FillSpec fill_spec() {
    FillSpec f{};
    f.seed = bits64();
    f.mix = pick<int>(0, 3);
    f.planted = pick<int>(0, 3);
    for (int i = 0; i < f.planted; ++i) {
      f.plant_pos[i] = bits64();
      f.plant_kind[i] = pick<int>(0, 15);
    }
    return f;
  }

 private:
  FuzzedDataProvider fdp_;
  bool hostile_ = false;
};

// splitmix64: the fill generator (fast, and good enough for test data).
inline std::uint64_t next_random(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

// The special values: NaN payloads of both signs (quiet and signalling), infinities, signed
// zeros, subnormals, extremes of the range and ties.
template <class T>
T special_value(int kind, std::uint64_t r) {
  using Bits = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;
  constexpr int mant = std::numeric_limits<T>::digits - 1;
  const Bits exp_all = ((Bits{1} << (sizeof(T) * 8 - 1 - mant)) - 1) << mant;
  const Bits sign = Bits{1} << (sizeof(T) * 8 - 1);
  const Bits payload = static_cast<Bits>(r) & ((Bits{1} << mant) - 1);
  auto from_bits = [](Bits b) {
    T v;
    std::memcpy(&v, &b, sizeof v);
    return v;
  };
  switch (kind & 15) {
    case 0: return from_bits(exp_all | (Bits{1} << (mant - 1)) | payload);         // quiet NaN, payload
    case 1: return from_bits(sign | exp_all | (Bits{1} << (mant - 1)) | payload);  // negative quiet NaN
    case 2: return from_bits(exp_all | (payload | 1) >> 1);                        // signalling NaN
    case 3: return std::numeric_limits<T>::infinity();
    case 4: return -std::numeric_limits<T>::infinity();
    case 5: return T(0);
    case 6: return -T(0);
    case 7: return from_bits(payload | 1);  // subnormal
    case 8: return -from_bits(payload | 1);
    case 9: return std::numeric_limits<T>::max();
    case 10: return -std::numeric_limits<T>::max();
    case 11: return std::numeric_limits<T>::min();
    case 12: return T(1);
    case 13: return T(-1);
    case 14: return T(1e30);
    default: return T(0.5);
  }
}

template <class T>
T fill_value(const FuzzInput::FillSpec& f, std::uint64_t& state) {
  const std::uint64_t r = next_random(state);
  const double unit = static_cast<double>(r >> 11) * 0x1p-53;  // [0, 1)
  switch (f.mix) {
    case 0: return static_cast<T>(static_cast<int>(r % 9) - 4);
    case 1: return static_cast<T>(2 * unit - 1);
    case 2: return (r & 15) == 0 ? special_value<T>(static_cast<int>(r >> 4), r >> 8) : static_cast<T>(2 * unit - 1);
    default: return (r & 1) ? special_value<T>(static_cast<int>(r >> 4), r >> 8) : static_cast<T>(static_cast<int>(r % 5) - 2);
  }
}

}  // namespace cnnkit::fuzz

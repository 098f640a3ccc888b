// Deterministic input data. A fast generator (splitmix64), because the large cases fill 16 Mi
// elements and the fill is not what is being measured.
#pragma once

#include <cstdint>

namespace cnnkit::bench {

class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // [0, 1)

 private:
  std::uint64_t state_;
};

// Uniform reals in [lo, hi).
template <class T>
void fill_uniform(T* data, std::int64_t n, double lo, double hi, std::uint64_t seed) {
  SplitMix64 rng(seed);
  for (std::int64_t i = 0; i < n; ++i) data[i] = static_cast<T>(lo + (hi - lo) * rng.unit());
}

// Integers in [-3, 3]. Products of two are <= 9 in magnitude, so every partial sum of fewer
// than 2^24 / 9 (~1.8 million) of them is exact in float and double: a variant that sums in
// another order, with FMA or with more threads still gives the reference's result bit for bit.
template <class T>
void fill_small_integers(T* data, std::int64_t n, std::uint64_t seed) {
  SplitMix64 rng(seed);
  for (std::int64_t i = 0; i < n; ++i) data[i] = static_cast<T>(static_cast<int>(rng.next() % 7) - 3);
}

}  // namespace cnnkit::bench

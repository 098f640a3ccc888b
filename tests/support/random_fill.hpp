// Reproducible test data. Seeds derive from GoogleTest's --gtest_random_seed (0 = fixed default),
// so a failure reproduces with the seed the run printed.
#pragma once

#include <cstdint>
#include <random>
#include <vector>

namespace cnnkit::test {

// The base seed of this run: --gtest_random_seed if given, else a fixed constant.
std::uint64_t base_seed();

class RandomFill {
 public:
  explicit RandomFill(std::uint64_t salt) : engine_(base_seed() * 0x9E3779B97F4A7C15ull + salt) {}

  // Uniform reals in [lo, hi).
  template <class T>
  void uniform(T* data, std::int64_t n, double lo = -1.0, double hi = 1.0) {
    std::uniform_real_distribution<double> d(lo, hi);
    for (std::int64_t i = 0; i < n; ++i) data[i] = static_cast<T>(d(engine_));
  }
  // Small integers in [lo, hi]: sums of their products are exact in float and double (as long
  // as they stay below 2^24), whatever the summation order or FMA use.
  template <class T>
  void small_integers(T* data, std::int64_t n, int lo = -3, int hi = 3) {
    std::uniform_int_distribution<int> d(lo, hi);
    for (std::int64_t i = 0; i < n; ++i) data[i] = static_cast<T>(d(engine_));
  }
  template <class T>
  std::vector<T> uniform(std::int64_t n, double lo = -1.0, double hi = 1.0) {
    std::vector<T> v(static_cast<std::size_t>(n));
    uniform(v.data(), n, lo, hi);
    return v;
  }
  std::mt19937_64& engine() { return engine_; }

 private:
  std::mt19937_64 engine_;
};

}  // namespace cnnkit::test

// Deterministic random numbers for initialisation, shuffling and the synthetic data.
// std::uniform_*_distribution and std::shuffle are implementation-defined, so the same seed
// could give other weights with another standard library; these helpers use only the
// bit-exact mt19937_64 stream.
#pragma once

#include <cmath>
#include <cstdint>
#include <numbers>
#include <random>
#include <utility>

namespace train_convnet {

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : engine_(seed) {}

  // Uniform in [0, 1), 53 random bits.
  double uniform() { return static_cast<double>(engine_() >> 11) * 0x1p-53; }

  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }

  // Uniform in [0, n); the modulo bias is below 2^-40 for any n this program uses.
  std::uint64_t below(std::uint64_t n) { return engine_() % n; }

  // Standard normal (Box-Muller); 1 - uniform() is in (0, 1], so the log is finite.
  double normal() {
    const double r = std::sqrt(-2.0 * std::log(1.0 - uniform()));
    return r * std::cos(2.0 * std::numbers::pi * uniform());
  }

  // Fisher-Yates, in place (no allocation).
  template <class T>
  void shuffle(T* data, std::uint64_t n) {
    for (std::uint64_t i = n; i > 1; --i) std::swap(data[i - 1], data[below(i)]);
  }

 private:
  std::mt19937_64 engine_;
};

}  // namespace train_convnet

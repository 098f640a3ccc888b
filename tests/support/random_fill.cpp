#include "support/random_fill.hpp"

#include <gtest/gtest.h>

namespace cnnkit::test {

std::uint64_t base_seed() {
  const int seed = ::testing::UnitTest::GetInstance()->random_seed();
  return seed == 0 ? 20261123u : static_cast<std::uint64_t>(seed);
}

}  // namespace cnnkit::test

// The driver's instruments, tested on their own: guard zones, unaligned placement, the canary
// and poison markers, the exact-equality rule and the rounding bound.
#include <gtest/gtest.h>

#include <cstdint>
#include <cmath>
#include <limits>
#include <vector>

#include "support/guarded_buffer.hpp"
#include "support/value_compare.hpp"

namespace cnnkit::test {
namespace {

template <class T>
class GuardedBufferTest : public ::testing::Test {};
using Elements = ::testing::Types<float, double, std::int64_t>;
TYPED_TEST_SUITE(GuardedBufferTest, Elements);

TYPED_TEST(GuardedBufferTest, FreshBufferHasIntactGuards) {
  GuardedBuffer<TypeParam> b(17);
  b.fill(TypeParam(3));
  EXPECT_EQ(b.guard_damage("b"), "");
}

TYPED_TEST(GuardedBufferTest, WriteJustBeforeTheStartIsReported) {
  GuardedBuffer<TypeParam> b(17, 1);
  b.data()[-1] = TypeParam(0);
  const std::string damage = b.guard_damage("b");
  EXPECT_NE(damage.find("1 element before the start of 'b'"), std::string::npos) << damage;
  EXPECT_NE(damage.find("b[-1]"), std::string::npos) << damage;
}

TYPED_TEST(GuardedBufferTest, WritesPastTheEndAreCountedFromTheFirst) {
  GuardedBuffer<TypeParam> b(5);
  b.data()[6] = TypeParam(1);
  b.data()[9] = TypeParam(1);
  const std::string damage = b.guard_damage("y");
  EXPECT_NE(damage.find("2 elements after the end of 'y'"), std::string::npos) << damage;
  EXPECT_NE(damage.find("y[5+1]"), std::string::npos) << damage;
}

TYPED_TEST(GuardedBufferTest, LastGuardElementIsStillWatched) {
  GuardedBuffer<TypeParam> b(3);
  const auto guard_elements = static_cast<std::int64_t>(GuardedBuffer<TypeParam>::kGuardBytes / sizeof(TypeParam));
  b.data()[3 + guard_elements - 1] = TypeParam(0);
  EXPECT_NE(b.guard_damage("b"), "");
}

TYPED_TEST(GuardedBufferTest, MisalignedPlacementDefeatsSixteenByteAlignment) {
  for (std::int64_t k : {1, 3}) {
    GuardedBuffer<TypeParam> b(8, k);
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(b.data()) % alignof(TypeParam), 0u);  // element-aligned
    EXPECT_LT(b.alignment(), 16u) << "misalignment " << k;
  }
  GuardedBuffer<TypeParam> aligned(8);
  EXPECT_EQ(aligned.alignment(), 64u);
}

TYPED_TEST(GuardedBufferTest, AssignCopiesAndPoisonMarks) {
  GuardedBuffer<TypeParam> b(4);
  const TypeParam values[] = {1, 2, 3, 4};
  b.assign(values);
  EXPECT_EQ(b.data()[3], TypeParam(4));
  b.fill_poison();
  EXPECT_TRUE(same_bits(b.data()[0], poison_value<TypeParam>()));
  EXPECT_FALSE(same_bits(poison_value<TypeParam>(), canary_value<TypeParam>()));
}

TEST(ValueCompare, MarkersAreNaNsThatArithmeticDoesNotProduce) {
  EXPECT_TRUE(std::isnan(canary_value<float>()));
  EXPECT_TRUE(std::isnan(poison_value<double>()));
  const float produced = std::numeric_limits<float>::infinity() - std::numeric_limits<float>::infinity();
  EXPECT_FALSE(is_marker(produced));
  EXPECT_FALSE(is_marker(std::numeric_limits<double>::quiet_NaN()));
}

TEST(ValueCompare, ExactEqualityIgnoresZeroSignAndNaNPayloadButNotMarkers) {
  EXPECT_TRUE(exactly_equal(1.5f, 1.5f));
  EXPECT_FALSE(exactly_equal(1.5f, std::nextafter(1.5f, 2.0f)));
  EXPECT_TRUE(exactly_equal(-0.0, 0.0));
  EXPECT_TRUE(exactly_equal(-std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN()));
  EXPECT_FALSE(exactly_equal(poison_value<float>(), std::numeric_limits<float>::quiet_NaN()));
  EXPECT_FALSE(exactly_equal(std::numeric_limits<float>::quiet_NaN(), 1.0f));
  EXPECT_FALSE(exactly_equal(std::numeric_limits<float>::infinity(), -std::numeric_limits<float>::infinity()));
}

TEST(ValueCompare, ToleranceIsInclusiveAndHandlesSpecials) {
  EXPECT_TRUE(within_tolerance(1.0, 1.25, 0.25));
  EXPECT_FALSE(within_tolerance(1.0, 1.25, 0.2499));
  EXPECT_TRUE(within_tolerance(std::numeric_limits<float>::infinity(), std::numeric_limits<float>::infinity(), 0));
  EXPECT_FALSE(within_tolerance(std::numeric_limits<float>::infinity(), 1e30f, 1e38));
  EXPECT_FALSE(within_tolerance(std::numeric_limits<double>::quiet_NaN(), 0.0, 1e300));
}

TEST(ValueCompare, RoundingGammaMatchesItsDefinition) {
  const double u = unit_roundoff<float>();
  EXPECT_EQ(u, std::ldexp(1.0, -24));
  EXPECT_DOUBLE_EQ(rounding_gamma(10, u), 10 * u / (1 - 10 * u));
  EXPECT_TRUE(std::isinf(rounding_gamma(1 << 24, u)));
}

// The bound is not a guess: summing the same products in two orders stays inside 2*gamma_K*S.
TEST(ValueCompare, DotProductBoundHoldsForReorderedSums) {
  std::uint64_t state = 12345;
  const auto next = [&] {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<float>(static_cast<std::int64_t>(state >> 33) % 2001 - 1000) / 1000.0f;
  };
  for (int trial = 0; trial < 200; ++trial) {
    const int k = 1 + trial * 7;
    float forward = 0, backward = 0;
    double magnitude = 0;
    std::vector<float> x(static_cast<std::size_t>(k)), w(static_cast<std::size_t>(k));
    for (int i = 0; i < k; ++i) x[static_cast<std::size_t>(i)] = next(), w[static_cast<std::size_t>(i)] = next();
    for (int i = 0; i < k; ++i) forward += x[static_cast<std::size_t>(i)] * w[static_cast<std::size_t>(i)];
    for (int i = k; i-- > 0;) backward = std::fma(x[static_cast<std::size_t>(i)], w[static_cast<std::size_t>(i)], backward);
    for (int i = 0; i < k; ++i) magnitude += std::fabs(double(x[static_cast<std::size_t>(i)]) * w[static_cast<std::size_t>(i)]);
    EXPECT_TRUE(within_tolerance(forward, backward, 2 * rounding_gamma(k, unit_roundoff<float>()) * magnitude))
        << "k=" << k;
  }
}

}  // namespace
}  // namespace cnnkit::test

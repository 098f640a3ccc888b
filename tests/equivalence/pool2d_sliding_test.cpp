// The sliding pool2d forward kernels (few channels, vectors along the rows) on the data the sweep's
// special fill cannot give them: rows of +-0 ties with no NaN at all (the sweep's special data puts
// a NaN in almost every row, sending those rows to the exact path), and one NaN-bearing input row
// (payloads, signaling ones too) whose output rows take the exact path while their neighbours stay
// on the fast one. Every pool2d_fwd variant, forced, must give the reference's bits.
#include <gtest/gtest.h>

#include "cnnkit/geometry.hpp"
#include "hostile_values.hpp"
#include "ops/pool2d/pool2d_reference.hpp"
#include "pool2d_harness.hpp"

namespace cnnkit::test::equiv {
namespace {

struct SlidingGeometry {
  std::int64_t h, w, kh, kw, sh, sw;
  Padding pad;
  bool ceil_mode;
};

constexpr SlidingGeometry kGeometries[] = {
    {9, 37, 2, 2, 2, 2, {0, 0, 0, 0}, false},  {9, 37, 3, 3, 1, 1, {1, 1, 1, 1}, false},
    {10, 41, 5, 5, 3, 3, {0, 0, 0, 0}, false}, {11, 35, 3, 3, 2, 2, {0, 1, 2, 1}, true},
    {8, 29, 2, 2, 3, 3, {0, 0, 0, 0}, false},
};
constexpr std::int64_t kChannels[] = {1, 2, 3, 5, 7, 8, 15};

// Small integers and both zeros (ties everywhere, -0 before +0 and after it); nan_row >= 0 puts
// NaN payloads (and +-inf) in that input row only.
template <class T>
std::vector<T> tie_data(const NhwcShape& s, std::int64_t nan_row) {
  std::vector<T> x(static_cast<std::size_t>(s.n * s.h * s.w * s.c));
  const T values[] = {T(-0.0), T(0.0), T(1), T(-1), T(0.0), T(-0.0), T(2), T(-0.0)};
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = values[(i * 7 + i / 5) % 8];
  if (nan_row >= 0)
    for (std::int64_t w = 0; w < s.w; w += 3)
      for (std::int64_t c = 0; c < s.c; ++c) {
        const auto at = static_cast<std::size_t>((nan_row * s.w + w) * s.c + c);
        x[at] = (w / 3) % 4 == 3 ? std::numeric_limits<T>::infinity() * T((w % 2) ? -1 : 1)
                                 : hostile_nan<T>(static_cast<int>(w + c));
      }
  return x;
}

template <class T>
void expect_reference_bits(PoolMode mode, bool include_pad) {
  const core::Exec exec{ThreadingPolicy::automatic, 2, true};
  for (const SlidingGeometry& g : kGeometries)
    for (std::int64_t c : kChannels) {
      Pool2dParams q;
      q.mode = mode;
      q.kernel_h = g.kh, q.kernel_w = g.kw, q.stride_h = g.sh, q.stride_w = g.sw;
      q.pad = g.pad, q.ceil_mode = g.ceil_mode, q.count_include_pad = include_pad;
      const NhwcShape xs{1, g.h, g.w, c};
      const ops::Pool2dProblem p{xs, pool2d_output_shape(xs, q), q};
      for (std::int64_t nan_row : {std::int64_t{-1}, g.h / 2}) {
        const std::vector<T> x = tie_data<T>(xs, nan_row);
        std::vector<T> want(static_cast<std::size_t>(p.y.h * p.y.w * c));
        ops::pool2d_fwd_reference<T>(p, x.data(), want.data(), exec);
        int ran = 0;
        for (const auto& v : core::variants_of<ops::Pool2dFwdOp, T>()) {
          if (v.isa > detected_isa() || (v.declines && v.declines(p, exec))) continue;
          ++ran;
          std::vector<T> y(want.size(), T(7));
          v.run(p, x.data(), y.data(), exec);
          for (std::size_t i = 0; i < y.size(); ++i)
            ASSERT_TRUE(same_bits(y[i], want[i]))
                << v.name << " " << p.describe() << " nan_row " << nan_row << " y[" << i << "] = " << show_value(y[i])
                << ", expected " << show_value(want[i]);
        }
        EXPECT_GT(ran, 1) << p.describe();
      }
    }
}

TEST(Pool2dSliding, MaxKeepsTheReferenceWinnerOnZeroTiesAndNaNRows) {
  expect_reference_bits<float>(PoolMode::max, false);
  expect_reference_bits<double>(PoolMode::max, false);
}

TEST(Pool2dSliding, AverageKeepsTheReferenceBitsOnZeroTiesAndNaNRows) {
  for (bool include_pad : {false, true}) {
    expect_reference_bits<float>(PoolMode::avg, include_pad);
    expect_reference_bits<double>(PoolMode::avg, include_pad);
  }
}

// The sliding variants exist on every vector tier and run the few-channel problems above.
TEST(Pool2dSliding, RegisteredPerTier) {
  int found = 0;
  for (const auto& v : core::variants_of<ops::Pool2dFwdOp, float>())
    if (std::string(v.name).find(".sliding.") != std::string::npos) ++found;
  EXPECT_EQ(found, 9);
}

}  // namespace
}  // namespace cnnkit::test::equiv

// Max pooling with saved indices beyond the per-variant equivalence: the indices backward gives
// the x-based backward's bits (ties = first) for every pair of variants on the sweep, corrupted
// indices are reported (smallest position) by every variant at every thread count without a write
// outside dx, and the public API names 'indices', the position and the value.
#include <gtest/gtest.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <string>

#include "cnnkit/error.hpp"
#include "cnnkit/geometry.hpp"
#include "cnnkit/ops.hpp"
#include "ops/pool2d/pool2d_reference.hpp"
#include "pool2d_indices_harness.hpp"
#include "support/guarded_buffer.hpp"

namespace cnnkit::test::equiv {
namespace {

constexpr int kThreads[] = {1, 3};

// Calls run(v, exec) for every variant of Op this CPU runs on p (forced, as a user forcing it),
// threaded ones at 1 and 3 threads.
template <class Op, class T, class Run>
void for_each_variant(const ops::Pool2dProblem& p, Run&& run) {
  for (const auto& v : core::variants_of<Op, T>()) {
    if (v.isa > detected_isa()) continue;
    for (int n : kThreads) {
      if (v.threading == Threading::serial && n != 1) continue;
      const ThreadingPolicy policy = v.threading == Threading::openmp ? ThreadingPolicy::openmp
                                     : v.threading == Threading::tbb  ? ThreadingPolicy::tbb
                                                                      : ThreadingPolicy::automatic;
      const core::Exec exec{policy, n, true};
      if (v.declines && v.declines(p, exec)) continue;
      run(v, exec);
    }
  }
}

template <class T>
bool same(const std::vector<T>& a, const std::vector<T>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (!same_bits(a[i], b[i])) return false;
  return true;
}

template <class T>
void expect_indices_backward_is_x_backward(const PoolCase& c) {
  const ops::Pool2dProblem& p = c.problem;
  RandomFill rng(0x1d1ce5 + c.name.size());
  const std::vector<T> x = pool_indices_x<T>(c, rng);
  std::vector<T> dy(static_cast<std::size_t>(element_count(p.y)));
  fill(c.data, rng, dy);
  if (c.data == Data::specials) add_hostile_values(dy, rng);
  const std::size_t dx_size = static_cast<std::size_t>(element_count(p.x));
  std::vector<T> want(dx_size);
  ops::pool2d_bwd_reference<T>(p, x.data(), dy.data(), want.data(), core::Exec{});
  for_each_variant<ops::Pool2dBwdOp, T>(p, [&](const auto& v, const core::Exec& exec) {
    std::vector<T> dx(dx_size, T(7));
    v.run(p, x.data(), dy.data(), dx.data(), exec);
    EXPECT_TRUE(same(dx, want)) << c.name << ": x-based " << v.name;
  });
  // Every forward variant writes the reference's indices (so every pair below is covered by
  // feeding the backward variants those indices once, not once per forward variant: the pairs
  // cost 10x the time under the sanitizers for no extra coverage).
  const std::vector<std::int32_t> ref_indices = reference_indices<T>(p, x);
  for_each_variant<ops::Pool2dFwdIndicesOp, T>(p, [&](const auto& f, const core::Exec& fexec) {
    std::vector<T> y(dy.size());
    std::vector<std::int32_t> indices(dy.size(), -5);
    f.run(p, x.data(), y.data(), indices.data(), fexec);
    ASSERT_EQ(indices, ref_indices) << c.name << ": " << f.name;
  });
  for_each_variant<ops::Pool2dBwdIndicesOp, T>(p, [&](const auto& b, const core::Exec& bexec) {
    std::vector<T> dx(dx_size, T(7));
    std::int64_t bad = -7;
    b.run(p, ref_indices.data(), dy.data(), dx.data(), &bad, bexec);
    EXPECT_EQ(bad, -1) << c.name << ": " << b.name;
    EXPECT_TRUE(same(dx, want)) << c.name << ": " << b.name << " @" << bexec.num_threads
                                << " threads differs from the x-based backward (ties = first)";
  });
}

TEST(Pool2dIndices, BackwardFromIndicesIsTheXBasedBackwardForEveryVariant) {
  for (const PoolCase& c : pool_fwd_indices_cases(Sweep::standard)) {
    expect_indices_backward_is_x_backward<float>(c);
    expect_indices_backward_is_x_backward<double>(c);
  }
}

// A dx of 4 MiB in disjoint windows over whole vectors: the sizes at which both backward kernels
// write dx with streaming stores (the sweep's shapes are all smaller). Every variant of both
// backwards, at 1 and 3 threads, against the reference.
TEST(Pool2dIndices, LargeDisjointBackwardsWithStreamingStoresMatchTheReference) {
  Pool2dParams q;
  q.kernel_h = q.kernel_w = q.stride_h = q.stride_w = 2;
  const NhwcShape xs{1, 256, 256, 16};
  const ops::Pool2dProblem p{xs, pool2d_output_shape(xs, q), q};
  RandomFill rng(0x5f3ea7);
  std::vector<float> x(static_cast<std::size_t>(element_count(p.x))), dy(static_cast<std::size_t>(element_count(p.y)));
  fill(Data::reals, rng, x);
  fill(Data::reals, rng, dy);
  std::vector<float> want(x.size());
  ops::pool2d_bwd_reference<float>(p, x.data(), dy.data(), want.data(), core::Exec{});
  std::vector<float> y(dy.size());
  std::vector<std::int32_t> indices(dy.size());
  ops::pool2d_fwd_indices_reference<float>(p, x.data(), y.data(), indices.data(), core::Exec{});
  int ran = 0;
  // dx 64-byte aligned: the kernels stream only to aligned vectors.
  std::vector<float> storage(x.size() + 16);
  float* const dx = storage.data() + (16 - reinterpret_cast<std::uintptr_t>(storage.data()) / sizeof(float) % 16) % 16;
  const auto dx_is_want = [&] { return std::equal(dx, dx + x.size(), want.begin(), [](float a, float b) { return same_bits(a, b); }); };
  for_each_variant<ops::Pool2dBwdOp, float>(p, [&](const auto& v, const core::Exec& exec) {
    std::fill(dx, dx + x.size(), 7.0f);
    v.run(p, x.data(), dy.data(), dx, exec);
    EXPECT_TRUE(dx_is_want()) << v.name << " @" << exec.num_threads;
    ++ran;
  });
  for_each_variant<ops::Pool2dBwdIndicesOp, float>(p, [&](const auto& v, const core::Exec& exec) {
    std::fill(dx, dx + x.size(), 7.0f);
    std::int64_t bad = -7;
    v.run(p, indices.data(), dy.data(), dx, &bad, exec);
    EXPECT_EQ(bad, -1) << v.name;
    EXPECT_TRUE(dx_is_want()) << v.name << " @" << exec.num_threads;
    ++ran;
  });
  EXPECT_GE(ran, 4);
}

// Problems for corrupted indices: overlapping windows (read-modify-write), disjoint ones (dense
// writes) with a channel tail, padding and ceil mode, and a tall one that threads split into bands.
std::vector<ops::Pool2dProblem> corrupt_problems() {
  const auto make = [](NhwcShape x, std::int64_t k, std::int64_t s, Padding pad, bool ceil) {
    Pool2dParams q;
    q.kernel_h = q.kernel_w = k;
    q.stride_h = q.stride_w = s;
    q.pad = pad;
    q.ceil_mode = ceil;
    return ops::Pool2dProblem{x, pool2d_output_shape(x, q), q};
  };
  return {make({2, 7, 7, 19}, 3, 2, Padding::symmetric(1), true), make({1, 8, 8, 5}, 2, 2, {}, false),
          make({2, 9, 6, 33}, 2, 2, {0, 1, 0, 1}, true), make({3, 301, 5, 3}, 3, 2, Padding::symmetric(1), false)};
}

// Every value an index must not hold at `at`: negative, past the plane, another window's cell.
std::vector<std::int32_t> corrupt_values(const ops::Pool2dProblem& p, std::int64_t at) {
  const std::int64_t plane = p.x.h * p.x.w;
  std::vector<std::int32_t> values = {-1, INT_MIN, static_cast<std::int32_t>(plane), INT_MAX};
  if (const std::int64_t cell = foreign_cell(p, at); cell >= 0) values.push_back(static_cast<std::int32_t>(cell));
  return values;
}

template <class T>
void expect_corrupt_reported(const ops::Pool2dProblem& p) {
  RandomFill rng(77);
  std::vector<T> x(static_cast<std::size_t>(element_count(p.x))), dy(static_cast<std::size_t>(element_count(p.y)));
  rng.small_integers(x.data(), static_cast<std::int64_t>(x.size()));
  rng.small_integers(dy.data(), static_cast<std::int64_t>(dy.size()));
  const std::vector<std::int32_t> good = reference_indices<T>(p, x);
  const auto count = static_cast<std::int64_t>(good.size());
  for (std::int64_t at : {std::int64_t{0}, count / 2, count - 1}) {
    for (std::int32_t value : corrupt_values(p, at)) {
      std::vector<std::int32_t> indices = good;
      indices[static_cast<std::size_t>(at)] = value;
      // A second bad index after the first: the smallest position is the one reported.
      if (at + 1 < count) indices[static_cast<std::size_t>(count - 1)] = -3;
      for_each_variant<ops::Pool2dBwdIndicesOp, T>(p, [&](const auto& v, const core::Exec& exec) {
        GuardedBuffer<T> gdx(static_cast<std::int64_t>(x.size()), 1);
        GuardedBuffer<T> gdy(count, 3);
        GuardedBuffer<std::int32_t> gi(count, 1);
        gdx.fill_poison();
        gdy.assign(dy);
        gi.assign(indices);
        std::int64_t bad = -7;
        v.run(p, gi.data(), gdy.data(), gdx.data(), &bad, exec);
        const std::string what = name_of(v.name, " @", exec.num_threads, " threads, ", p.describe(), ", index ", value,
                                         " at ", at);
        EXPECT_EQ(bad, at) << what;
        EXPECT_EQ(gdx.guard_damage("dx"), "") << what;
        EXPECT_EQ(gdy.guard_damage("dy"), "") << what;
        EXPECT_EQ(gi.guard_damage("indices"), "") << what;
      });
    }
  }
}

TEST(Pool2dIndices, CorruptedIndicesAreReportedByEveryVariantWithoutWritesOutsideDx) {
  for (const ops::Pool2dProblem& p : corrupt_problems()) {
    expect_corrupt_reported<float>(p);
    expect_corrupt_reported<double>(p);
  }
}

// A float plane of more than 2^24 cells: the forward's plane indices are no longer float integers,
// so the vector conversion gives way to the per-lane integer one (kernels/pool_indices_fwd.hpp);
// both must give the reference's indices. Two channels (a vector tail on every tier), 2x2 windows.
TEST(Pool2dIndices, ForwardIndicesPastTheFloatIntegersAreExact) {
  Pool2dParams q;
  q.kernel_h = q.kernel_w = 2;
  q.stride_h = q.stride_w = 2;
  const NhwcShape xs{1, 4098, 4098, 2};  // 16.8M cells
  const ops::Pool2dProblem p{xs, pool2d_output_shape(xs, q), q};
  std::vector<float> x(static_cast<std::size_t>(element_count(p.x)));
  RandomFill rng(9);
  rng.small_integers(x.data(), static_cast<std::int64_t>(x.size()));
  const std::vector<std::int32_t> want = reference_indices<float>(p, x);
  ASSERT_GT(want.back(), 1 << 24);
  std::vector<float> y(want.size());
  for (const auto& v : core::variants_of<ops::Pool2dFwdIndicesOp, float>()) {
    if (v.isa > detected_isa() || v.threading != Threading::serial) continue;
    std::vector<std::int32_t> got(want.size(), -1);
    v.run(p, x.data(), y.data(), got.data(), core::Exec{ThreadingPolicy::automatic, 0, true});
    EXPECT_TRUE(got == want) << v.name;
  }
}

TEST(Pool2dIndices, PublicBackwardNamesIndicesThePositionAndTheValue) {
  const ops::Pool2dProblem p = corrupt_problems()[0];
  std::vector<float> x(static_cast<std::size_t>(element_count(p.x))), y(static_cast<std::size_t>(element_count(p.y)));
  RandomFill rng(5);
  rng.small_integers(x.data(), static_cast<std::int64_t>(x.size()));
  std::vector<std::int32_t> indices(y.size());
  pool2d_forward<float>({x.data(), p.x}, {y.data(), p.y}, {indices.data(), p.y}, p.params);
  EXPECT_EQ(indices, reference_indices<float>(p, x));
  std::vector<float> dy(y.size(), 1.0f), dx(x.size());
  const std::int64_t at = 40;
  indices[at] = 123456;
  try {
    pool2d_backward<float>(NhwcView<const std::int32_t>{indices.data(), p.y}, {dy.data(), p.y}, {dx.data(), p.x},
                           p.params);
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("'indices'"), std::string::npos) << m;
    EXPECT_NE(m.find("123456 at position 40"), std::string::npos) << m;
    EXPECT_EQ(e.status(), Status::invalid_argument) << m;
  }
}

}  // namespace
}  // namespace cnnkit::test::equiv

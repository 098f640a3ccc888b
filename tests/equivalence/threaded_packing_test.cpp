// Weight packing split over threads (ops/conv2d/conv2d_threaded_packing.hpp) writes the serial
// packing's bytes and the same nonfinite flag, for any split: single units packed in reverse
// order, OpenMP and oneTBB teams of 1-5 threads, and the prepack constructors under contexts
// that allow threads. Forward and backward data (direct and gemm forms), with groups.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <type_traits>
#include <vector>

#include "api/conv2d_packing.hpp"
#include "cnnkit/cnnkit.hpp"
#include "ops/conv2d/conv2d_bwd_data_tiers.hpp"
#include "ops/conv2d/conv2d_packed_weights.hpp"
#include "ops/conv2d/conv2d_threaded_packing.hpp"
#include "ops/conv2d/conv2d_tiers.hpp"
#include "support/random_fill.hpp"

namespace cnnkit::test::equiv {
namespace {

// Weights big enough (>= kThreadedPackMinBytes packed) that the threaded path really splits.
struct PackShape {
  HwioShape w;
  std::int64_t groups;
};
const PackShape kShapes[] = {
    {{3, 3, 64, 128}, 1},  // direct, several c_in / c_out blocks
    {{3, 3, 40, 96}, 2},   // groups, tail blocks
    {{7, 7, 1, 1024}, 1},  // backward data's gemm form (one input channel)
    {{7, 7, 3, 256}, 1},   // gemm form, three input channels
};

template <class T>
std::vector<T> weights(const HwioShape& s) {
  std::vector<T> w(static_cast<std::size_t>(s.kh * s.kw * s.c_in_per_group * s.c_out));
  RandomFill(static_cast<std::uint64_t>(s.c_out)).uniform(w.data(), static_cast<std::int64_t>(w.size()));
  return w;
}

// The plan a direction's blocked variants make for these weights on the best tier (Plan:
// ConvFwdPlan or ConvBwdDataPlan), and its packer.
template <class Plan, class T>
struct Packing {
  static constexpr bool forward = std::is_same_v<Plan, ops::ConvFwdPlan>;
  Plan plan;
  explicit Packing(const PackShape& s) : plan(make(s)) {}
  static Plan make(const PackShape& s) {
    const ops::Conv2dProblem p = api::packing_problem(s.w, s.groups);
    if constexpr (forward)
      return ops::make_conv_fwd_plan(p, ops::conv_tier_kernels<T>(detected_isa()).blocking, sizeof(T));
    else
      return ops::make_conv_bwd_data_plan(p, ops::conv_bwd_data_tier_kernels<T>(detected_isa()).blocking, sizeof(T));
  }
  bool range(const T* w, T* out, std::int64_t b, std::int64_t e) const {
    if constexpr (forward) return ops::pack_conv_fwd_weights(plan, w, out, b, e);
    else return ops::pack_conv_bwd_data_weights(plan, w, out, b, e);
  }
  bool threaded(const T* w, T* out, Threading kind, int threads) const {
    if constexpr (forward) return ops::pack_conv_fwd_weights_threaded(plan, w, out, kind, threads);
    else return ops::pack_conv_bwd_data_weights_threaded(plan, w, out, kind, threads);
  }
};
template <class T>
using FwdPacking = Packing<ops::ConvFwdPlan, T>;
template <class T>
using BwdDataPacking = Packing<ops::ConvBwdDataPlan, T>;

template <class Packing, class T>
void expect_every_split_packs_the_serial_bytes() {
  if (detected_isa() == Isa::scalar) GTEST_SKIP() << "no SIMD tier: nothing is packed";
  for (const PackShape& s : kShapes) {
    const Packing packing(s);
    const std::int64_t count = packing.plan.packed_count(), units = packing.plan.pack_units();
    ASSERT_GE(count * static_cast<std::int64_t>(sizeof(T)), ops::kThreadedPackMinBytes);
    ASSERT_GT(units, 1);
    std::vector<T> w = weights<T>(s.w);
    std::vector<T> serial(static_cast<std::size_t>(count), T(-7));
    EXPECT_FALSE(packing.range(w.data(), serial.data(), 0, units));

    std::vector<T> reversed(serial.size(), T(-5));  // one unit at a time, last first
    for (std::int64_t u = units - 1; u >= 0; --u) EXPECT_FALSE(packing.range(w.data(), reversed.data(), u, u + 1));
    EXPECT_EQ(std::memcmp(reversed.data(), serial.data(), serial.size() * sizeof(T)), 0);

    for (Threading kind : {Threading::serial, Threading::openmp, Threading::tbb})
      for (int threads = 1; threads <= 5; ++threads) {
        std::vector<T> out(serial.size(), T(-3));
        EXPECT_FALSE(packing.threaded(w.data(), out.data(), kind, threads));
        EXPECT_EQ(std::memcmp(out.data(), serial.data(), serial.size() * sizeof(T)), 0)
            << to_string(kind) << " x" << threads << " on c_in/g " << s.w.c_in_per_group << " c_out " << s.w.c_out;
      }

    // One non-finite weight anywhere is found by whichever thread's share holds it.
    const std::int64_t n = static_cast<std::int64_t>(w.size());
    for (std::int64_t at : {std::int64_t{0}, n / 3, n / 2 + 1, n - 1}) {
      for (T bad : {std::numeric_limits<T>::infinity(), std::numeric_limits<T>::quiet_NaN()}) {
        std::vector<T> planted = w;
        planted[static_cast<std::size_t>(at)] = bad;
        std::vector<T> out(serial.size());
        EXPECT_TRUE(packing.threaded(planted.data(), out.data(), Threading::openmp, 3)) << "weight " << at;
        EXPECT_TRUE(packing.threaded(planted.data(), out.data(), Threading::tbb, 4)) << "weight " << at;
      }
    }
  }
}

TEST(ThreadedPacking, ForwardSplitsPackTheSerialBytesF32) {
  expect_every_split_packs_the_serial_bytes<FwdPacking<float>, float>();
}
TEST(ThreadedPacking, ForwardSplitsPackTheSerialBytesF64) {
  expect_every_split_packs_the_serial_bytes<FwdPacking<double>, double>();
}
TEST(ThreadedPacking, BackwardDataSplitsPackTheSerialBytesF32) {
  expect_every_split_packs_the_serial_bytes<BwdDataPacking<float>, float>();
}
TEST(ThreadedPacking, BackwardDataSplitsPackTheSerialBytesF64) {
  expect_every_split_packs_the_serial_bytes<BwdDataPacking<double>, double>();
}

// The gemm form is among the shapes above (so its units are split too).
TEST(ThreadedPacking, ShapesReachTheGemmForm) {
  if (detected_isa() == Isa::scalar) GTEST_SKIP();
  EXPECT_TRUE(BwdDataPacking<float>(kShapes[2]).plan.gemm);
  EXPECT_FALSE(BwdDataPacking<float>(kShapes[0]).plan.gemm);
}

// The constructors pack with the context's team: the same bytes and flag as a serial context.
template <class Packed>
const auto& packed_array(const Packed& p) {
  return p.data().packed;
}

template <class T>
void expect_constructors_pack_like_serial() {
  for (const PackShape& s : kShapes) {
    std::vector<T> w = weights<T>(s.w);
    w[w.size() / 2] = std::numeric_limits<T>::infinity();
    Context serial = Context::defaults();
    serial.set_threading(ThreadingPolicy::serial);
    const Conv2dPackedWeights<T> fwd_serial({w.data(), s.w}, s.groups, serial);
    const Conv2dBackwardDataPackedWeights<T> bwd_serial({w.data(), s.w}, s.groups, serial);
    for (ThreadingPolicy policy : {ThreadingPolicy::automatic, ThreadingPolicy::openmp, ThreadingPolicy::tbb}) {
      Context ctx = Context::defaults();
      ctx.set_threading(policy).set_num_threads(3);
      const Conv2dPackedWeights<T> fwd({w.data(), s.w}, s.groups, ctx);
      const Conv2dBackwardDataPackedWeights<T> bwd({w.data(), s.w}, s.groups, ctx);
      ASSERT_EQ(packed_array(fwd).size(), packed_array(fwd_serial).size());
      ASSERT_EQ(packed_array(bwd).size(), packed_array(bwd_serial).size());
      EXPECT_EQ(std::memcmp(packed_array(fwd).data(), packed_array(fwd_serial).data(),
                            packed_array(fwd).size() * sizeof(T)), 0) << to_string(policy);
      EXPECT_EQ(std::memcmp(packed_array(bwd).data(), packed_array(bwd_serial).data(),
                            packed_array(bwd).size() * sizeof(T)), 0) << to_string(policy);
      EXPECT_TRUE(fwd.data().layout.weights_nonfinite);
      EXPECT_TRUE(bwd.data().layout.weights_nonfinite);
    }
  }
}

TEST(ThreadedPacking, ConstructorsUnderThreadedContextsPackTheSerialBytesF32) {
  expect_constructors_pack_like_serial<float>();
}
TEST(ThreadedPacking, ConstructorsUnderThreadedContextsPackTheSerialBytesF64) {
  expect_constructors_pack_like_serial<double>();
}

// The team a context allows: serial policy -> one thread; oneTBB policy -> oneTBB; else OpenMP.
TEST(ThreadedPacking, ContextChoosesThePackingTeam) {
  Context ctx = Context::defaults();
  ctx.set_threading(ThreadingPolicy::serial).set_num_threads(4);
  EXPECT_EQ(api::packing_team(ctx).kind, Threading::serial);
  EXPECT_EQ(api::packing_team(ctx).threads, 1);
  ctx.set_threading(ThreadingPolicy::tbb);
  EXPECT_EQ(api::packing_team(ctx).kind, Threading::tbb);
  EXPECT_EQ(api::packing_team(ctx).threads, 4);
  ctx.set_threading(ThreadingPolicy::automatic);
  EXPECT_EQ(api::packing_team(ctx).kind, Threading::openmp);
  EXPECT_EQ(api::packing_team(ctx).threads, 4);
}

}  // namespace
}  // namespace cnnkit::test::equiv

// The timing policy: repetitions, batching and the per-case budget.
#include "common/timing.hpp"

#include <gtest/gtest.h>

#include <chrono>

namespace cnnkit::bench {
namespace {

void spin_for(double seconds) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (std::chrono::steady_clock::now() < end) {
  }
}

TEST(Timing, SlowWarmupIsTheOnlySample) {
  int calls = 0;
  TimingPolicy p;
  p.max_case_time_s = 0.01;
  const Timing t = measure([&] { ++calls; }, 0.02, p);
  EXPECT_EQ(calls, 0);
  EXPECT_TRUE(t.warmup_only);
  EXPECT_EQ(t.reps, 1);
  EXPECT_EQ(t.median_s, 0.02);
}

TEST(Timing, FastCallsAreBatchedAndRepsCapped) {
  std::int64_t calls = 0;
  TimingPolicy p;
  p.min_time_s = 10;  // never reached: max_reps stops it
  p.max_reps = 4;
  p.min_rep_time_s = 1e-3;
  const Timing t = measure(
      [&] {
        ++calls;
        spin_for(1e-5);
      },
      1e-5, p);
  EXPECT_EQ(t.reps, 4);
  EXPECT_GT(t.calls_per_rep, 1);
  EXPECT_GE(calls, 4 * t.calls_per_rep);
  EXPECT_GE(t.median_s, 1e-5);
  EXPECT_LE(t.min_s, t.median_s);
  EXPECT_LE(t.median_s, t.max_s);
}

TEST(Timing, BudgetStopsBeforeMinReps) {
  TimingPolicy p;
  p.min_reps = 10;
  p.max_reps = 10;
  p.max_case_time_s = 0.05;
  const Timing t = measure([] { spin_for(0.01); }, 0.01, p);
  EXPECT_GE(t.reps, 1);
  EXPECT_LT(t.reps, 10);
  EXPECT_LT(t.total_s, 0.1);
}

}  // namespace
}  // namespace cnnkit::bench

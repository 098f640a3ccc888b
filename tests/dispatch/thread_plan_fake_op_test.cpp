// core::plan_threads on a hand-made variant list (the fake op of fake_op.hpp), so the query's own
// logic is pinned down whatever splits the real ops publish: a threaded entry with a split whose
// tiles cost different amounts (the simulation worked out by hand), and one without a split (one
// tile, with a note that says so rather than calling it serial).
#include <gtest/gtest.h>

#include <array>

#include "core/thread_plan.hpp"
#include "fake_op.hpp"

namespace cnnkit::test {
namespace {

// Five tiles, the first five times the cost of the others.
core::ThreadSplit uneven_split(const FakeProblem&, const core::Exec&, bool with_work) {
  core::ThreadSplit s{5, 1, "fake tile", {}};
  if (with_work) s.item_work = {5, 1, 1, 1, 1};
  return s;
}

// size 1: the threaded entry with a split; size 2: the one without; other sizes: the reference.
const char* only_size_1(const FakeProblem& p, const core::Exec&) { return p.size == 1 ? nullptr : "fake: size 1 only"; }
const char* only_size_2(const FakeProblem& p, const core::Exec&) { return p.size == 2 ? nullptr : "fake: size 2 only"; }

const std::array<FakeVariant, 3> kList = {{
    {"pad.fake_split.omp", Isa::scalar, Threading::openmp, &only_size_1, &write_mark<1>, &uneven_split},
    {"pad.fake_unsplit.omp", Isa::scalar, Threading::openmp, &only_size_2, &write_mark<2>, nullptr},
    {"pad.ref", Isa::scalar, Threading::serial, nullptr, &write_mark<0>, nullptr},
}};

}  // namespace
}  // namespace cnnkit::test

namespace cnnkit::core {
template <>
std::span<const test::FakeVariant> variants_of<test::FakeOp, float>() {
  return test::kList;
}
}  // namespace cnnkit::core

namespace cnnkit::test {
namespace {

Context automatic() {
  Context ctx = Context::defaults();
  ctx.set_threading(ThreadingPolicy::automatic);
  return ctx;
}

// 2 threads: 5 chunks of one tile (min(5 tiles, 2 x 4)); thread 0 takes the tile of cost 5,
// thread 1 the next four of cost 1 as each finishes first: work {5, 4}, balance 4.5 / 5.
TEST(ThreadPlanQuery, SimulatesUnequalTilesByHand) {
  const ThreadPlan plan = core::plan_threads<FakeOp, float>(FakeProblem{1}, automatic(), 2);
  EXPECT_EQ(plan.variant, "pad.fake_split.omp");
  EXPECT_EQ(plan.threading, Threading::openmp);
  EXPECT_EQ(plan.tiles, 5);
  EXPECT_EQ(plan.chunks, 5);
  EXPECT_EQ(plan.team, 2);
  EXPECT_EQ(plan.unit, "fake tile");
  EXPECT_EQ(plan.tile_work_min, 1);
  EXPECT_EQ(plan.tile_work_max, 5);
  EXPECT_EQ(plan.thread_work, (std::vector<double>{5, 4}));
  EXPECT_DOUBLE_EQ(plan.load_balance, 0.9);
  EXPECT_EQ(plan.note, "");
  // 8 threads: 5 chunks, a team of 5, three idle threads count in the mean: 9 / 8 / 5.
  const ThreadPlan wide = core::plan_threads<FakeOp, float>(FakeProblem{1}, automatic(), 8);
  EXPECT_EQ(wide.team, 5);
  EXPECT_EQ(wide.thread_work, (std::vector<double>{5, 1, 1, 1, 1, 0, 0, 0}));
  EXPECT_DOUBLE_EQ(wide.load_balance, 9.0 / 8 / 5);
}

TEST(ThreadPlanQuery, ThreadedEntryWithoutASplitIsOneTileWithANote) {
  const ThreadPlan plan = core::plan_threads<FakeOp, float>(FakeProblem{2}, automatic(), 4);
  EXPECT_EQ(plan.variant, "pad.fake_unsplit.omp");
  EXPECT_EQ(plan.threading, Threading::openmp);
  EXPECT_EQ(plan.tiles, 1);
  EXPECT_EQ(plan.team, 1);
  EXPECT_DOUBLE_EQ(plan.load_balance, 0.25);
  EXPECT_NE(plan.note.find("does not publish its split"), std::string::npos) << plan.note;
}

TEST(ThreadPlanQuery, SerialEntryIsOneTileWithANote) {
  const ThreadPlan plan = core::plan_threads<FakeOp, float>(FakeProblem{3}, automatic(), 3);
  EXPECT_EQ(plan.variant, "pad.ref");
  EXPECT_EQ(plan.threading, Threading::serial);
  EXPECT_EQ(plan.thread_work, (std::vector<double>{1, 0, 0}));
  EXPECT_NE(plan.note.find("pad.ref has no threaded sibling"), std::string::npos) << plan.note;
}

}  // namespace
}  // namespace cnnkit::test

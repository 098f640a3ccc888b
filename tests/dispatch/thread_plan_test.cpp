// cnnkit::thread_plan: plans worked out by hand from pool2d_fwd's simple row split, conv2d_fwd's
// tile cut feeding every thread, the serial plan, what load_balance means, the errors, that the
// schedule the query simulates is the one core::parallel_for runs, and that the C ABI returns the
// same plan.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <numeric>
#include <string>
#include <vector>

#include "cnnkit/cnnkit.h"
#include "cnnkit/error.hpp"
#include "cnnkit/thread_plan.hpp"
#include "core/chunk_claims.hpp"
#include "core/late_thread_governor.hpp"
#include "core/thread_plan.hpp"
#include "core/threading.hpp"

namespace cnnkit::test {
namespace {

// x (n, h, w, c), a k x k kernel with c_out outputs, padding p on every side.
PlanProblem conv(std::int64_t n, std::int64_t h, std::int64_t w, std::int64_t c, std::int64_t k,
                 std::int64_t c_out, std::int64_t p) {
  PlanProblem q;
  q.x = {n, h, w, c};
  q.w = {k, k, c, c_out};
  q.conv.pad = {p, p, p, p};
  return q;
}

double mean_over_max(const std::vector<double>& work) {
  const double total = std::accumulate(work.begin(), work.end(), 0.0);
  const double most = *std::max_element(work.begin(), work.end());
  return total / static_cast<double>(work.size()) / most;
}

bool blocked_tiers_run() { return detected_isa() != Isa::scalar; }

// x (n, h, w, c) under the default pool: max 2x2 stride 2. Dispatch runs pool2d_fwd.simd.<tier>
// threaded on these (sliding declines more than one vector of channels at stride 2, separable
// declines stride_w != 1); its split is n*ho output rows, cut into column parts only when the rows
// give fewer than 8 per thread (src/ops/pool2d/pool2d_split.hpp), every tile costing the same.
PlanProblem pool(std::int64_t n, std::int64_t h, std::int64_t w, std::int64_t c) {
  PlanProblem q;
  q.x = {n, h, w, c};
  return q;
}

bool pool_simd_threaded(const ThreadPlan& plan) {
  return plan.variant.rfind("pool2d_fwd.simd.", 0) == 0 && plan.threading != Threading::serial;
}

// 1x2x2x16384 pools to one output pixel: one output row (n*ho = 1), and a row of one column cannot
// be cut (a part holds at least 512 / 16384 -> 1 column). 80K elements is enough for threads, so
// the threaded variant runs one tile: one thread has all the work and the balance is 1/16.
TEST(ThreadPlan, OneTileLayerBalancesOneOverThreads) {
  if (!blocked_tiers_run()) GTEST_SKIP() << "the threaded pool variants need sse4_2";
  const ThreadPlan plan = thread_plan(OpId::pool2d_fwd, DType::f32, pool(1, 2, 2, 16384), 16);
  EXPECT_TRUE(pool_simd_threaded(plan)) << plan.variant << ": " << plan.note;
  EXPECT_EQ(plan.threads, 16);
  EXPECT_EQ(plan.tiles, 1);
  EXPECT_EQ(plan.chunks, 1);
  EXPECT_EQ(plan.team, 1);
  EXPECT_EQ(plan.unit, "output row (image x output row)");
  std::vector<double> want(16, 0.0);
  want[0] = 1;
  EXPECT_EQ(plan.thread_work, want);
  EXPECT_DOUBLE_EQ(plan.load_balance, 1.0 / 16);
}

// 1x260x260x64 max 2x2/2, f32: 130 output rows, 130 >= 8 x 16 so whole rows (130 tiles).
// 16 threads x 4 = 64 chunks: 130 = 64 x 2 + 2, so chunks 0 and 1 hold 3 rows, the other 62 hold 2.
// The least-loaded thread (the lowest index on ties) claims each next chunk: chunks 0-15 go to
// threads 0-15 (3, 3, 2, ...), then every round of 16 chunks tops threads 2-15 up by 2 before
// threads 0 and 1 (one row ahead) get theirs: threads 0 and 1 end with 3 + 2 x 3 = 9 rows, the
// other 14 with 2 x 4 = 8 (2 x 9 + 14 x 8 = 130). Balance = (130 / 16) / 9.
TEST(ThreadPlan, RowSplitAtSixteenThreads) {
  if (!blocked_tiers_run()) GTEST_SKIP() << "the threaded pool variants need sse4_2";
  const ThreadPlan plan = thread_plan(OpId::pool2d_fwd, DType::f32, pool(1, 260, 260, 64), 16);
  EXPECT_TRUE(pool_simd_threaded(plan)) << plan.variant << ": " << plan.note;
  EXPECT_EQ(plan.tiles, 130);
  EXPECT_EQ(plan.grain, 1);
  EXPECT_EQ(plan.chunks, 64);
  EXPECT_EQ(plan.team, 16);
  EXPECT_EQ(plan.unit, "output row (image x output row)");
  EXPECT_EQ(plan.tile_work_min, 1);
  EXPECT_EQ(plan.tile_work_max, 1);
  EXPECT_EQ(plan.chunk_work, 0);
  std::vector<double> want(16, 8.0);
  want[0] = want[1] = 9;
  EXPECT_EQ(plan.thread_work, want);
  EXPECT_DOUBLE_EQ(plan.load_balance, 130.0 / 16 / 9);
  EXPECT_NEAR(plan.load_balance, 0.9028, 1e-4);
  EXPECT_EQ(plan.note, "");
}

// conv2d_fwd's tiles are cut for the thread count (src/ops/conv2d/conv2d_tile_cut.hpp) when image x
// band x group alone gives fewer than 16 per thread. 1x7x7x512 3x3 pad 1 is one such tile uncut
// (all 7 output rows fit one band): cut, 16 threads get at least one tile each and balance >= 0.9.
TEST(ThreadPlan, ConvTileCutFeedsEveryThread) {
  if (!blocked_tiers_run()) GTEST_SKIP() << "the blocked variants need sse4_2";
  const ThreadPlan plan = thread_plan(OpId::conv2d_fwd, DType::f32, conv(1, 7, 7, 512, 3, 512, 1), 16);
  EXPECT_NE(plan.threading, Threading::serial) << plan.variant << ": " << plan.note;
  EXPECT_GE(plan.tiles, 16);
  EXPECT_EQ(plan.team, 16);
  EXPECT_GE(plan.load_balance, 0.9);
  EXPECT_DOUBLE_EQ(plan.load_balance, mean_over_max(plan.thread_work));
}

// load_balance is mean / max of thread_work, with one entry per thread asked for (idle ones too).
// On the pool: 130 rows x pool_row_parts column parts, parts = ceil(8 threads / 130) once 130 rows
// are fewer than 8 per thread (130 / 8 = 16 columns of 8 pixels x 64 channels bound it).
TEST(ThreadPlan, LoadBalanceIsMeanOverMaxOfThreadWork) {
  if (!blocked_tiers_run()) GTEST_SKIP() << "the threaded pool variants need sse4_2";
  for (const auto& [threads, parts] : {std::pair<int, std::int64_t>{2, 1}, {3, 1}, {16, 1}, {32, 2}, {64, 4}, {100, 7}}) {
    SCOPED_TRACE(threads);
    const ThreadPlan plan = thread_plan(OpId::pool2d_fwd, DType::f32, pool(1, 260, 260, 64), threads);
    EXPECT_TRUE(pool_simd_threaded(plan)) << plan.variant << ": " << plan.note;
    ASSERT_EQ(plan.thread_work.size(), static_cast<std::size_t>(threads));
    EXPECT_DOUBLE_EQ(plan.load_balance, mean_over_max(plan.thread_work));
    EXPECT_EQ(plan.tiles, 130 * parts);
    EXPECT_EQ(plan.chunks, std::min<std::int64_t>(130 * parts, 4 * threads));
    EXPECT_EQ(plan.team, std::min<std::int64_t>(threads, plan.chunks));
    EXPECT_EQ(std::accumulate(plan.thread_work.begin(), plan.thread_work.end(), 0.0), 130.0 * parts);
    const auto busy = std::count_if(plan.thread_work.begin(), plan.thread_work.end(), [](double w) { return w > 0; });
    EXPECT_EQ(busy, plan.team);
  }
  // The same definition on the conv2d split, whatever its cut.
  for (int threads : {3, 16, 64}) {
    SCOPED_TRACE(threads);
    const ThreadPlan plan = thread_plan(OpId::conv2d_fwd, DType::f32, conv(32, 56, 56, 64, 3, 64, 1), threads);
    ASSERT_EQ(plan.thread_work.size(), static_cast<std::size_t>(threads));
    EXPECT_DOUBLE_EQ(plan.load_balance, mean_over_max(plan.thread_work));
    EXPECT_EQ(plan.team, std::min<std::int64_t>(threads, plan.chunks));
  }
}

// Serial plans: one tile on one thread, and a note saying why no threaded variant runs.
TEST(ThreadPlan, SerialPlanHasANote) {
  const ThreadPlan tiny = thread_plan(OpId::conv2d_fwd, DType::f64, conv(1, 4, 4, 1, 1, 1, 0), 4);
  EXPECT_EQ(tiny.threading, Threading::serial);
  EXPECT_EQ(tiny.team, 1);
  EXPECT_EQ(tiny.tiles, 1);
  EXPECT_EQ(tiny.chunks, 1);
  EXPECT_EQ(tiny.thread_work, (std::vector<double>{1, 0, 0, 0}));
  EXPECT_DOUBLE_EQ(tiny.load_balance, 0.25);
  EXPECT_FALSE(tiny.note.empty());

  if (!blocked_tiers_run()) return;
  // One thread: the threaded sibling of the blocked variant declines, and says so.
  const ThreadPlan one = thread_plan(OpId::conv2d_fwd, DType::f32, conv(32, 56, 56, 64, 3, 64, 1), 1);
  EXPECT_EQ(one.threading, Threading::serial);
  EXPECT_NE(one.note.find("one thread"), std::string::npos) << one.note;
  EXPECT_DOUBLE_EQ(one.load_balance, 1.0);
}

std::string error_of(OpId op, DType dtype, const PlanProblem& q, int threads) {
  try {
    (void)thread_plan(op, dtype, q, threads);
  } catch (const Error& e) {
    EXPECT_EQ(e.status(), Status::invalid_argument) << e.what();
    return e.what();
  }
  ADD_FAILURE() << "no error";
  return {};
}

TEST(ThreadPlan, ErrorsNameTheArgument) {
  const PlanProblem good = conv(1, 8, 8, 4, 3, 4, 1);
  EXPECT_NE(error_of(OpId::conv2d_fwd, DType::f32, good, 0).find("'threads'"), std::string::npos);
  EXPECT_NE(error_of(OpId::conv2d_fwd, DType::f32, good, -2).find("'threads'"), std::string::npos);
  EXPECT_NE(error_of(OpId::conv2d_fwd, static_cast<DType>(9), good, 2).find("'dtype'"), std::string::npos);
  EXPECT_NE(error_of(static_cast<OpId>(999), DType::f32, good, 2).find("'op'"), std::string::npos);
  PlanProblem q = good;
  q.x.h = 0;
  EXPECT_NE(error_of(OpId::conv2d_fwd, DType::f32, q, 2).find("problem.x"), std::string::npos);
  q = good;
  q.w.c_in_per_group = 3;
  EXPECT_NE(error_of(OpId::conv2d_fwd, DType::f32, q, 2).find("problem.w"), std::string::npos);
  q = good;
  EXPECT_NE(error_of(OpId::relu_fwd, DType::f32, q, 2).find("problem.count"), std::string::npos);
  EXPECT_NE(error_of(OpId::adam, DType::f64, q, 2).find("problem.count"), std::string::npos);
  EXPECT_NE(error_of(OpId::dense_fwd, DType::f32, q, 2).find("problem.batch"), std::string::npos);
  q.batch = 4;
  EXPECT_NE(error_of(OpId::softmax_xent, DType::f32, q, 2).find("problem.in_features"), std::string::npos);
}

// The query's simulation against what parallel_for does: the same number of chunks, each chunk c
// covering share_begin(count, chunks, c) .. share_begin(count, chunks, c + 1).
thread_local std::int64_t t_claimed_chunk = -1;
void remember_chunk(int, bool, std::int64_t chunk) { t_claimed_chunk = chunk; }

TEST(ThreadPlan, SimulationMatchesParallelFor) {
  for (const auto& [count, grain] : {std::pair<std::int64_t, std::int64_t>{100, 1}, {20, 1}, {1001, 50}, {13, 4}}) {
    SCOPED_TRACE(std::to_string(count) + " items, grain " + std::to_string(grain));
    const int threads = 3;
    ThreadPlan plan;
    plan.threads = threads;
    core::simulate_dynamic_schedule(core::ThreadSplit{count, grain, "item", {}}, plan);

    std::mutex mutex;
    std::vector<std::pair<std::int64_t, std::int64_t>> ranges(static_cast<std::size_t>(plan.chunks), {-1, -1});
    std::atomic<int> calls{0};
    core::reset_governor();  // no cap left by an earlier test: the full team of 3
    core::set_chunk_hook(&remember_chunk);
    core::parallel_for(Threading::openmp, threads, count, [&](std::int64_t b, std::int64_t e) {
      calls.fetch_add(1);
      const std::int64_t c = t_claimed_chunk;
      std::lock_guard<std::mutex> lock(mutex);
      if (c >= 0 && c < static_cast<std::int64_t>(ranges.size())) ranges[static_cast<std::size_t>(c)] = {b, e};
    }, grain);
    core::set_chunk_hook(nullptr);

    EXPECT_EQ(calls.load(), plan.chunks);
    for (std::int64_t c = 0; c < plan.chunks; ++c) {
      EXPECT_EQ(ranges[static_cast<std::size_t>(c)].first, core::share_begin(count, plan.chunks, c)) << c;
      EXPECT_EQ(ranges[static_cast<std::size_t>(c)].second, core::share_begin(count, plan.chunks, c + 1)) << c;
    }
    // The simulation hands those chunks, in order, to the least-loaded thread.
    std::vector<double> expect(threads, 0.0);
    for (const auto& [b, e] : ranges) *std::min_element(expect.begin(), expect.begin() + plan.team) += double(e - b);
    EXPECT_EQ(plan.thread_work, expect);
  }
}

// The C ABI returns the C++ query's plan, field by field.
TEST(ThreadPlan, CAbiMatchesCpp) {
  // The conv2d_fwd and pool2d_fwd (default max 2x2/2) problems of tests/c_abi/c_abi_thread_plan_test.c.
  const std::pair<OpId, PlanProblem> problems[] = {
      {OpId::conv2d_fwd, conv(1, 7, 7, 512, 3, 512, 1)}, {OpId::conv2d_fwd, conv(32, 56, 56, 64, 3, 64, 1)},
      {OpId::conv2d_fwd, conv(1, 4, 4, 1, 1, 1, 0)},     {OpId::conv2d_fwd, conv(8, 28, 28, 128, 3, 128, 1)},
      {OpId::pool2d_fwd, pool(1, 2, 2, 16384)},          {OpId::pool2d_fwd, pool(1, 260, 260, 64)}};
  for (const auto& [op, q] : problems)
    for (int threads : {1, 3, 16, 64}) {
      SCOPED_TRACE(std::string(to_string(op)) + " " + std::to_string(q.x.n) + "x" + std::to_string(q.x.h) + "x" +
                   std::to_string(q.x.c) + " at " + std::to_string(threads));
      const ThreadPlan want = thread_plan(op, DType::f32, q, threads);
      cnnkit_plan_problem c = cnnkit_plan_problem_default();
      c.x = {q.x.n, q.x.h, q.x.w, q.x.c};
      c.w = {q.w.kh, q.w.kw, q.w.c_in_per_group, q.w.c_out};
      c.conv.pad = {q.conv.pad.top, q.conv.pad.bottom, q.conv.pad.left, q.conv.pad.right};
      cnnkit_thread_plan_info got{};
      std::vector<double> work(static_cast<std::size_t>(threads) + 2, -1.0);
      ASSERT_EQ(cnnkit_thread_plan(nullptr, to_string(op), CNNKIT_F32, &c, threads, &got, work.data(),
                                   static_cast<std::int64_t>(work.size())),
                CNNKIT_STATUS_OK)
          << cnnkit_last_error();
      EXPECT_EQ(std::string(got.variant), want.variant);
      // The C ABI's one threading enum (CNNKIT_THREADING_*), not the C++ Threading values.
      const std::int32_t want_threading = want.threading == Threading::openmp ? CNNKIT_THREADING_OPENMP
                                          : want.threading == Threading::tbb  ? CNNKIT_THREADING_TBB
                                                                              : CNNKIT_THREADING_SERIAL;
      EXPECT_EQ(got.threading, want_threading);
      EXPECT_EQ(got.threads, want.threads);
      EXPECT_EQ(got.team, want.team);
      EXPECT_EQ(got.tiles, want.tiles);
      EXPECT_EQ(got.grain, want.grain);
      EXPECT_EQ(got.chunks, want.chunks);
      EXPECT_EQ(got.tile_work_min, want.tile_work_min);
      EXPECT_EQ(got.tile_work_max, want.tile_work_max);
      EXPECT_EQ(got.load_balance, want.load_balance);
      EXPECT_EQ(std::string(got.unit), want.unit);
      EXPECT_EQ(std::string(got.note), want.note.substr(0, CNNKIT_PLAN_NOTE_CHARS - 1));
      work.resize(static_cast<std::size_t>(threads) + 2);
      EXPECT_EQ(std::vector<double>(work.begin(), work.begin() + threads), want.thread_work);
      EXPECT_EQ(work[static_cast<std::size_t>(threads)], -1.0);  // only `threads` values written
    }
}

}  // namespace
}  // namespace cnnkit::test

// The conv2d ops' thread splits (core::ThreadSplit on their registry entries): every threaded
// entry has one, and the plan the query reports from it is the one the variant runs. A chunk hook
// counts, per chunk index, how many parallel_for calls of an op call claimed that chunk, which
// gives how many calls cut their range into exactly k chunks; the query's chunk count
// (chunk_count of its split's items and grain) must be among them. The thread counts (3, 7) and
// problems are such that the cut for threads (conv2d_tile_cut.hpp: channel ranges, bands, column
// ranges) changes the split, and that the forward, backward-data (direct, gemm and planar paths),
// backward-weights (with pixel parts), bias and depthwise drivers each run.
#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "cnnkit/cnnkit.hpp"
#include "cnnkit/thread_plan.hpp"
#include "core/chunk_claims.hpp"
#include "core/late_thread_governor.hpp"
#include "core/registry.hpp"
#include "ops/op_lists.hpp"
#include "shaped_calls.hpp"

namespace cnnkit {
namespace {

template <class Op>
void expect_threaded_entries_have_splits() {
  for (const auto& v : core::variants_of<Op, float>()) {
    EXPECT_TRUE(v.threading == Threading::serial || v.split != nullptr) << v.name;
  }
  for (const auto& v : core::variants_of<Op, double>()) {
    EXPECT_TRUE(v.threading == Threading::serial || v.split != nullptr) << v.name;
  }
}

TEST(Conv2dThreadSplit, EveryThreadedEntryHasASplit) {
  expect_threaded_entries_have_splits<ops::Conv2dFwdOp>();
  expect_threaded_entries_have_splits<ops::Conv2dBwdDataOp>();
  expect_threaded_entries_have_splits<ops::Conv2dBwdWeightsOp>();
  expect_threaded_entries_have_splits<ops::Conv2dBwdBiasOp>();
}

// claimed[c]: parallel_for calls that claimed chunk c since the last reset.
constexpr std::size_t kMaxChunks = 256;
std::array<std::atomic<int>, kMaxChunks> claimed;
std::atomic<bool> overflow{false};

void count_chunk(int, bool, std::int64_t chunk) {
  if (chunk >= 0 && static_cast<std::size_t>(chunk) < kMaxChunks)
    claimed[static_cast<std::size_t>(chunk)].fetch_add(1, std::memory_order_relaxed);
  else
    overflow.store(true, std::memory_order_relaxed);
}

// The calls that cut their range into exactly k chunks (every chunk of a call is claimed once).
int calls_with_chunks(std::int64_t k) {
  const int at_least_k = claimed[static_cast<std::size_t>(k - 1)].load();
  const int more = static_cast<std::size_t>(k) < kMaxChunks ? claimed[static_cast<std::size_t>(k)].load() : 0;
  return at_least_k - more;
}

struct Case {
  const char* what;
  NhwcShape x;
  HwioShape w;
  Conv2dParams conv;
};

Conv2dParams padded(std::int64_t pad, std::int64_t groups = 1) {
  Conv2dParams p;
  p.pad = Padding{pad, pad, pad, pad};
  p.groups = groups;
  return p;
}

// Runs `op` on the case under ctx (the forced variant), with the chunk hook counting.
void run_op(OpId op, const Case& c, const Context& ctx) {
  using test::count;
  using test::ramp;
  const NhwcShape ys = conv2d_output_shape(c.x, c.w, c.conv);
  auto x = ramp<float>(count(c.x)), w = ramp<float>(count(c.w)), y = ramp<float>(count(ys));
  std::vector<float> db(static_cast<std::size_t>(ys.c));
  switch (op) {
    case OpId::conv2d_fwd: conv2d_forward<float>({x.data(), c.x}, {w.data(), c.w}, {}, {y.data(), ys}, c.conv, ctx); break;
    case OpId::conv2d_bwd_data:
      conv2d_backward_data<float>({y.data(), ys}, {w.data(), c.w}, {x.data(), c.x}, c.conv, ctx);
      break;
    case OpId::conv2d_bwd_weights:
      conv2d_backward_weights<float>({x.data(), c.x}, {y.data(), ys}, {w.data(), c.w}, c.conv, ctx);
      break;
    default: conv2d_backward_bias<float>({y.data(), ys}, {db.data(), ys.c}, ctx); break;
  }
}

template <class Op>
void check_op(const Case& c, bool depthwise) {
  for (const auto& v : core::variants_of<Op, float>()) {
    const std::string name = v.name;
    if (v.threading == Threading::serial || v.isa > detected_isa()) continue;
    if ((name.find(".depthwise.") != std::string::npos) != depthwise) continue;  // each case its own entries
    for (const int threads : {3, 7}) {
      SCOPED_TRACE(std::string(c.what) + ", " + name + ", " + std::to_string(threads) + " threads");
      // The library defaults (no CNNKIT_THREADING from the environment), the variant's runtime.
      Context ctx = Context::defaults();
      ctx.set_threading(v.threading == Threading::tbb ? ThreadingPolicy::tbb : ThreadingPolicy::openmp);
      ctx.force_variant(Op::id, name).set_num_threads(threads);
      PlanProblem q;
      q.x = c.x, q.w = c.w, q.conv = c.conv;
      const ThreadPlan plan = thread_plan(Op::id, DType::f32, q, threads, ctx);
      ASSERT_EQ(plan.variant, name);
      ASSERT_EQ(plan.chunks, core::chunk_count(plan.tiles, threads, plan.grain));
      ASSERT_GT(plan.chunks, 1) << "pick a case the variant runs on several threads";
      for (auto& n : claimed) n.store(0);
      core::reset_governor();  // the full team: every chunk goes through a team thread's hook
      core::set_chunk_hook(&count_chunk);
      run_op(Op::id, c, ctx);
      core::set_chunk_hook(nullptr);
      EXPECT_FALSE(overflow.load());
      EXPECT_GE(calls_with_chunks(plan.chunks), 1) << plan.tiles << " tiles (" << plan.unit << ")";
    }
  }
}

TEST(Conv2dThreadSplit, TheQueriedSplitIsTheOneTheDriverRuns) {
  // Batch 1, few rows, two c_out blocks on avx512 f32: the cut splits channel blocks and bands.
  const Case dense{"3x3, 12x12x32 -> 48", {1, 12, 12, 32}, {3, 3, 32, 48}, padded(1)};
  // Two wide rows: the forward's cut takes ranges of columns.
  const Case wide{"3x3, 1x2x120x16 -> 64", {1, 2, 120, 16}, {3, 3, 16, 64}, padded(1)};
  // Few dx channels, many dy channels: backward data's gemm form.
  const Case stem{"stem 3x3, 2x9x9x3 -> 24", {2, 9, 9, 3}, {3, 3, 3, 24}, padded(1)};
  // Few channels both ways, stride 1: forward and backward data through the planar kernel.
  const Case planar{"planar 3x3, 1x20x20x3 -> 8", {1, 20, 20, 3}, {3, 3, 3, 8}, padded(1)};
  // Many dy pixels: several fixed bias chunks.
  const Case bias{"1x1, 4x32x32x8 -> 64", {4, 32, 32, 8}, {1, 1, 8, 64}, Conv2dParams{}};
  // Depthwise, with 4096 output pixels: two fixed row chunks for backward weights.
  const Case depthwise{"depthwise 3x3, 4x32x32x64", {4, 32, 32, 64}, {3, 3, 1, 64}, padded(1, 64)};
  for (const Case* c : {&dense, &wide, &stem, &planar}) {
    check_op<ops::Conv2dFwdOp>(*c, false);
    check_op<ops::Conv2dBwdDataOp>(*c, false);
  }
  check_op<ops::Conv2dBwdWeightsOp>(dense, false);
  check_op<ops::Conv2dBwdWeightsOp>(stem, false);
  check_op<ops::Conv2dBwdBiasOp>(bias, false);
  check_op<ops::Conv2dFwdOp>(depthwise, true);
  check_op<ops::Conv2dBwdDataOp>(depthwise, true);
  check_op<ops::Conv2dBwdWeightsOp>(depthwise, true);
}

}  // namespace
}  // namespace cnnkit

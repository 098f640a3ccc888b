// The coverage guard: on a SIMD-capable CPU, a typical problem must select a SIMD variant of the
// best tier the CPU (and any ISA cap) allows, for every op that has SIMD variants. It catches a
// tier accidentally compiled out, a list in the wrong order, or a predicate that declines too much.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cnnkit/context.hpp"
#include "cnnkit/dispatch.hpp"
#include "public_calls.hpp"
#include "shaped_calls.hpp"

namespace cnnkit::test {
namespace {

// The tier of the variant named `name` in the op's list, or scalar if not found.
Isa tier_of(OpId op, DType dtype, const std::string& name) {
  for (const auto& v : list_variants(op, dtype))
    if (v.name == name) return v.isa;
  return Isa::scalar;
}

// The best tier among the op's variants that is <= cap, or scalar when it has no SIMD variant.
Isa best_listed_tier(OpId op, DType dtype, Isa cap) {
  Isa best = Isa::scalar;
  for (const auto& v : list_variants(op, dtype))
    if (v.isa <= cap && v.isa > best) best = v.isa;
  return best;
}

// Pooling's and convolution's typical problems here have 32-64 channels: the shared small calls
// (public_calls.cpp) have 3-4, which the measured rules rightly send to a narrower tier
// (pool2d_drivers.cpp, conv2d_dispatch_rules.hpp).
template <class T>
void call_wide(OpId op, const Context& ctx) {
  if (op == OpId::pool2d_fwd || op == OpId::pool2d_bwd) {
    run_pool<T>(op == OpId::pool2d_bwd, PoolMode::max, {1, 5, 5, 64}, 2, ctx);
    return;
  }
  if (op == OpId::pool2d_fwd_indices || op == OpId::pool2d_bwd_indices) {
    run_pool_indices<T>({1, 6, 6, 64}, 2, ctx);
    return;
  }
  Conv2dParams cp;
  cp.pad = Padding{1, 1, 1, 1};
  run_conv<T>(op, {1, 6, 6, 32}, {3, 3, 32, 32}, cp, ctx);
}

void expect_simd_selected(Isa cap) {
  std::vector<std::string> without_simd;
  for (OpId op : all_ops())
    for (DType dtype : {DType::f32, DType::f64}) {
      const Isa expected = best_listed_tier(op, dtype, std::min(cap, detected_isa()));
      if (expected == Isa::scalar) {
        without_simd.push_back(std::string(to_string(op)) + "/" + to_string(dtype));
        continue;
      }
      Context ctx = Context::defaults();
      ctx.set_max_isa(cap).set_threading(ThreadingPolicy::serial);
      if (op == OpId::pool2d_fwd || op == OpId::pool2d_bwd || op == OpId::pool2d_fwd_indices ||
          op == OpId::pool2d_bwd_indices || op == OpId::conv2d_fwd ||
          op == OpId::conv2d_bwd_data || op == OpId::conv2d_bwd_weights)
        dtype == DType::f32 ? call_wide<float>(op, ctx) : call_wide<double>(op, ctx);
      else
        call_public_op(op, dtype, ctx);
      const std::string ran = last_variant(op);
      EXPECT_EQ(tier_of(op, dtype, ran), expected)
          << to_string(op) << "/" << to_string(dtype) << " under cap " << to_string(cap) << " ran '" << ran
          << "', expected a " << to_string(expected) << " variant";
    }
  if (!without_simd.empty()) {
    std::string list;
    for (const auto& s : without_simd) list += " " + s;
    std::printf("[simd selection] ops with no SIMD variant yet (not checked):%s\n", list.c_str());
  }
}

TEST(SimdSelection, TypicalProblemsPickTheBestTier) {
  if (detected_isa() == Isa::scalar) GTEST_SKIP() << "this CPU has no SIMD tier";
  expect_simd_selected(Isa::avx512);
}

TEST(SimdSelection, CappedToAvx2PicksAvx2) {
  if (detected_isa() < Isa::avx2_fma) GTEST_SKIP() << "this CPU has no AVX2+FMA";
  expect_simd_selected(Isa::avx2_fma);
}

TEST(SimdSelection, CappedToSse42PicksSse42) {
  if (detected_isa() < Isa::sse4_2) GTEST_SKIP() << "this CPU has no SSE4.2";
  expect_simd_selected(Isa::sse4_2);
}

// At least the convolution ops must have SIMD variants (the guard would otherwise pass vacuously).
TEST(SimdSelection, ConvolutionHasSimdVariants) {
  for (OpId op : {OpId::conv2d_fwd, OpId::conv2d_bwd_data, OpId::conv2d_bwd_weights, OpId::conv2d_bwd_bias})
    for (DType dtype : {DType::f32, DType::f64})
      for (Isa tier : {Isa::sse4_2, Isa::avx2_fma, Isa::avx512})
        EXPECT_EQ(best_listed_tier(op, dtype, tier), tier) << to_string(op) << "/" << to_string(dtype);
}

}  // namespace
}  // namespace cnnkit::test

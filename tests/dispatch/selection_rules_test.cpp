// The measured selection rules (conv2d_dispatch_rules.hpp, pool2d_drivers.cpp, the bias
// declines) are wired into the real registries: each shape class lands on the entry the
// measurements chose, and forcing still reaches every entry the rule passes over.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "cnnkit/cnnkit.hpp"
#include "shaped_calls.hpp"

namespace cnnkit::test {
namespace {

Context serial_context() {
  Context ctx = Context::defaults();
  ctx.set_num_threads(1);
  return ctx;
}

// mobilenet_v1's Conv2d_7_depthwise at batch 1: 1.8 MFLOP, ~0.7 ms on one core.
const NhwcShape kDepthwiseX{1, 14, 14, 512};
const HwioShape kDepthwiseW{3, 3, 1, 512};
Conv2dParams depthwise_params() {
  Conv2dParams cp;
  cp.pad = Padding{1, 1, 1, 1};
  cp.groups = 512;
  return cp;
}

TEST(SelectionRules, DepthwiseLayersGetThreadsBelowTheDenseFlopFloor) {
  Context two = Context::defaults();
  two.set_num_threads(2).set_threading(ThreadingPolicy::openmp);
  for (OpId op : {OpId::conv2d_fwd, OpId::conv2d_bwd_data, OpId::conv2d_bwd_weights}) {
    const std::string ran = run_conv(op, kDepthwiseX, kDepthwiseW, depthwise_params(), two);  // 1.8 MFLOP
    EXPECT_NE(ran.find(".depthwise."), std::string::npos) << ran;
    EXPECT_TRUE(ran.ends_with(".omp")) << ran;
  }
  // The same flops as a dense layer stay on one thread.
  Conv2dParams dense;
  dense.pad = Padding{1, 1, 1, 1};
  const std::string ran = run_conv(OpId::conv2d_fwd, {1, 14, 14, 16}, {3, 3, 16, 32}, dense, two);  // 1.8 MFLOP
  EXPECT_FALSE(ran.ends_with(".omp")) << ran;
}

TEST(SelectionRules, DepthwiseLayersRunTheDepthwiseKernelsOfTheBestTier) {
  const std::string tier = to_string(detected_isa());
  if (detected_isa() < Isa::sse4_2) GTEST_SKIP() << "no vector tier here";
  for (OpId op : {OpId::conv2d_fwd, OpId::conv2d_bwd_data, OpId::conv2d_bwd_weights})
    EXPECT_EQ(run_conv(op, kDepthwiseX, kDepthwiseW, depthwise_params(), serial_context()),
              std::string(to_string(op)) + ".depthwise." + tier);
  // A channel multiplier of 2 is not depthwise: the general kernels take it.
  Conv2dParams multiplier = depthwise_params();
  multiplier.groups = 256;
  const std::string ran = run_conv(OpId::conv2d_fwd, kDepthwiseX, {3, 3, 2, 512}, multiplier, serial_context());
  EXPECT_EQ(ran.find(".depthwise."), std::string::npos) << ran;
}

TEST(SelectionRules, NarrowBackwardWeightsOutputsRunTheAvx2Kernel) {
  if (detected_isa() < Isa::avx512) GTEST_SKIP() << "the rule is about the avx512 tier";
  Conv2dParams dense;
  dense.pad = Padding{1, 1, 1, 1};
  // Wide outputs keep avx512.
  EXPECT_EQ(run_conv(OpId::conv2d_bwd_weights, {1, 14, 14, 32}, {3, 3, 32, 64}, dense, serial_context()),
            "conv2d_bwd_weights.blocked.avx512");
  // Eight output channels: whole avx2 vectors, half an avx512 one.
  EXPECT_EQ(run_conv(OpId::conv2d_bwd_weights, {2, 16, 16, 3}, {4, 4, 3, 8}, dense, serial_context()),
            "conv2d_bwd_weights.blocked.avx2_fma");
}

TEST(SelectionRules, FewOutputPixelsRunSimd) {
  if (detected_isa() < Isa::sse4_2) GTEST_SKIP() << "no SIMD tier";
  Conv2dParams cp;
  // mobilenet_v1's classifier as a 1x1 convolution, and LeNet's C5 (5x5 on 5x5: one pixel).
  for (OpId op : {OpId::conv2d_fwd, OpId::conv2d_bwd_data}) {
    EXPECT_NE(run_conv(op, {1, 1, 1, 1024}, {1, 1, 1024, 1001}, cp, serial_context()).find(".simd."), std::string::npos);
    EXPECT_NE(run_conv(op, {1, 5, 5, 16}, {5, 5, 16, 120}, cp, serial_context()).find(".simd."), std::string::npos);
    // Sixteen pixels keep the blocked kernels, and backward weights never moves.
    EXPECT_NE(run_conv(op, {16, 1, 1, 28}, {1, 1, 28, 672}, cp, serial_context()).find(".blocked."), std::string::npos);
  }
  EXPECT_NE(run_conv(OpId::conv2d_bwd_weights, {1, 1, 1, 1024}, {1, 1, 1024, 1001}, cp, serial_context()).find(".blocked."),
            std::string::npos);
}

TEST(SelectionRules, PoolingWithFewChannelsGoesToANarrowerTier) {
  if (detected_isa() < Isa::avx512) GTEST_SKIP() << "the rules are about the avx512 tier";
  const Context ctx = serial_context();
  // efficientnet_b0's squeeze-excite global average pool: 32 channels.
  EXPECT_EQ(run_pool(false, PoolMode::avg, {1, 16, 16, 32}, 16, ctx), "pool2d_fwd.simd.avx2_fma");
  EXPECT_EQ(run_pool(false, PoolMode::avg, {1, 16, 16, 64}, 16, ctx), "pool2d_fwd.simd.avx512");
  EXPECT_EQ(run_pool(false, PoolMode::max, {1, 16, 16, 32}, 2, ctx), "pool2d_fwd.simd.avx512");
  // Max over 24 or 40 channels (half an avx512 vector left over): avx2_fma; 48 stays.
  EXPECT_EQ(run_pool(false, PoolMode::max, {1, 16, 16, 24}, 2, ctx), "pool2d_fwd.simd.avx2_fma");
  EXPECT_EQ(run_pool(false, PoolMode::max, {1, 16, 16, 40}, 2, ctx), "pool2d_fwd.simd.avx2_fma");
  EXPECT_EQ(run_pool(false, PoolMode::max, {1, 16, 16, 48}, 2, ctx), "pool2d_fwd.simd.avx512");
  // Backward, three channels (the seeds' max pool): sse4_2; LeNet's six, average: the reference.
  EXPECT_EQ(run_pool(true, PoolMode::max, {1, 16, 16, 3}, 2, ctx), "pool2d_bwd.blocked.sse4_2");
  EXPECT_EQ(run_pool(true, PoolMode::avg, {4, 16, 16, 6}, 2, ctx), "pool2d_bwd.ref");
  EXPECT_EQ(run_pool(true, PoolMode::avg, {4, 16, 16, 64}, 2, ctx), "pool2d_bwd.blocked.avx512");
  // Exactly one avx512 vector of channels stays on avx512 (LeNet's S4: 1.3x faster there), on the
  // sliding kernel (one vector per pixel, 1.1x simd).
  EXPECT_EQ(run_pool(false, PoolMode::avg, {4, 10, 10, 16}, 2, ctx), "pool2d_fwd.sliding.avx512");
  EXPECT_EQ(run_pool(true, PoolMode::avg, {4, 10, 10, 16}, 2, ctx), "pool2d_bwd.blocked.avx512");
  // Backward: two vectors of channels (max too), and global average pooling, go to avx2_fma.
  EXPECT_EQ(run_pool(true, PoolMode::max, {1, 16, 16, 32}, 2, ctx), "pool2d_bwd.blocked.avx2_fma");
  EXPECT_EQ(run_pool(true, PoolMode::avg, {1, 13, 13, 1000}, 13, ctx), "pool2d_bwd.blocked.avx2_fma");
  EXPECT_EQ(run_pool(true, PoolMode::avg, {8, 13, 13, 1000}, 13, ctx), "pool2d_bwd.blocked.avx512");  // 5.4 MB of dx
  EXPECT_EQ(run_pool(false, PoolMode::avg, {1, 13, 13, 1000}, 13, ctx), "pool2d_fwd.simd.avx512");
}

// Up to one vector of channels: the sliding kernels (vectors along the rows), 2-5x faster than
// simd with fewer channels, 1.03-2x with one vector; C = 8 floats with a stride that gives each
// pixel its own avx512 vector goes to sliding.avx2_fma (whole vectors there: few_c8_4x4s4_same
// 54 GB/s against 39).
TEST(SelectionRules, PoolingWithFewChannelsRunsTheSlidingKernels) {
  if (detected_isa() < Isa::sse4_2) GTEST_SKIP() << "no vector tier here";
  const std::string tier = to_string(detected_isa());
  Context ctx = serial_context();
  for (PoolMode mode : {PoolMode::max, PoolMode::avg}) {
    EXPECT_EQ(run_pool(false, mode, {1, 32, 30, 3}, 2, ctx), "pool2d_fwd.sliding." + tier);  // the seeds' images
    EXPECT_EQ(run_pool(false, mode, {1, 31, 33, 1}, 3, ctx), "pool2d_fwd.sliding." + tier);
    EXPECT_EQ(run_pool<double>(false, mode, {1, 31, 33, 3}, 3, ctx), "pool2d_fwd.sliding." + tier);
  }
  // Backward has no sliding kernel.
  EXPECT_EQ(run_pool(true, PoolMode::max, {1, 32, 30, 3}, 2, ctx).find(".sliding."), std::string::npos);
  // One vector of channels: sliding too (the dense path at stride 1).
  Pool2dParams overlapping;
  overlapping.kernel_h = overlapping.kernel_w = 3;
  overlapping.stride_h = overlapping.stride_w = 1;
  overlapping.pad = Padding{1, 1, 1, 1};
  if (detected_isa() == Isa::avx512) {
    EXPECT_EQ(run_pool(false, PoolMode::max, {1, 32, 32, 8}, 4, ctx), "pool2d_fwd.sliding.avx2_fma");
    EXPECT_EQ(run_pool(false, PoolMode::max, {1, 32, 32, 8}, 2, ctx), "pool2d_fwd.sliding.avx512");  // dense
    EXPECT_EQ(run_pool(false, PoolMode::max, {1, 32, 32, 5}, 4, ctx), "pool2d_fwd.sliding.avx512");
    EXPECT_EQ(run_pool(false, {1, 32, 32, 16}, overlapping, ctx), "pool2d_fwd.sliding.avx512");
    EXPECT_EQ(run_pool(false, PoolMode::max, {1, 32, 32, 16}, 2, ctx), "pool2d_fwd.sliding.avx512");
    EXPECT_EQ(run_pool(false, PoolMode::max, {1, 32, 32, 17}, 2, ctx), "pool2d_fwd.simd.avx512");
  }
  if (detected_isa() >= Isa::avx2_fma) {
    ctx.set_max_isa(Isa::avx2_fma);
    EXPECT_EQ(run_pool(false, PoolMode::avg, {1, 32, 30, 3}, 2, ctx), "pool2d_fwd.sliding.avx2_fma");
    EXPECT_EQ(run_pool(false, PoolMode::avg, {1, 32, 32, 8}, 4, ctx), "pool2d_fwd.sliding.avx2_fma");  // a whole vector
    EXPECT_EQ(run_pool(false, PoolMode::avg, {1, 32, 32, 9}, 4, ctx), "pool2d_fwd.simd.avx2_fma");
    EXPECT_EQ(run_pool(false, {1, 32, 32, 8}, overlapping, ctx), "pool2d_fwd.sliding.avx2_fma");
  }
}

TEST(SelectionRules, PoolingWithIndicesGoesToTheTierItsChannelsSuit) {
  if (detected_isa() < Isa::avx512) GTEST_SKIP() << "the rules are about the avx512 tier";
  const Context ctx = serial_context();
  using P = std::pair<std::string, std::string>;
  // Three channels (the seeds' pool): sse4_2 forward, the scalar scatter backward (2-5x the
  // vector compares with so few channels).
  EXPECT_EQ(run_pool_indices({1, 16, 16, 3}, 2, ctx), P("pool2d_fwd_indices.simd.sse4_2", "pool2d_bwd_indices.scatter"));
  // Eight: whole avx2_fma vectors.
  EXPECT_EQ(run_pool_indices({1, 16, 16, 8}, 4, ctx),
            P("pool2d_fwd_indices.simd.avx2_fma", "pool2d_bwd_indices.blocked.avx2_fma"));
  // 24 (a tail among few vectors): the backward leaves avx512, the forward stays.
  EXPECT_EQ(run_pool_indices({1, 12, 12, 24}, 6, ctx),
            P("pool2d_fwd_indices.simd.avx512", "pool2d_bwd_indices.blocked.avx2_fma"));
  // Whole vectors, or a tail among many: avx512 both ways.
  EXPECT_EQ(run_pool_indices({1, 16, 16, 64}, 2, ctx), P("pool2d_fwd_indices.simd.avx512", "pool2d_bwd_indices.blocked.avx512"));
  EXPECT_EQ(run_pool_indices({1, 6, 6, 200}, 2, ctx), P("pool2d_fwd_indices.simd.avx512", "pool2d_bwd_indices.blocked.avx512"));
  // Overlapping windows of 25 cells or more (YOLO's SPP): the scatter backward, one add per value
  // instead of a compare per window cell (3.6x at 9x9).
  Pool2dParams spp;
  spp.kernel_h = spp.kernel_w = 5;
  spp.pad = Padding{2, 2, 2, 2};
  EXPECT_EQ(run_pool_indices({1, 12, 12, 64}, spp, ctx).second, "pool2d_bwd_indices.scatter");
}

TEST(SelectionRules, SmallBiasGradientsRunSimdAtEveryThreadCount) {
  if (detected_isa() < Isa::sse4_2) GTEST_SKIP() << "no SIMD tier";
  // tiny: simd on every tier; small with whole vectors: simd on avx512 only; large: blocked.
  const NhwcShape tiny{1, 4, 4, 64}, small{1, 14, 14, 64}, large{4, 64, 64, 64};
  const bool avx512 = detected_isa() == Isa::avx512;
  for (int threads : {1, 2}) {
    Context ctx = Context::defaults();
    ctx.set_num_threads(threads);
    auto dy = ramp<float>(count(large));
    std::vector<float> db(64);
    auto ran = [&](const NhwcShape& s) {
      conv2d_backward_bias<float>({dy.data(), s}, {db.data(), 64}, ctx);
      return last_variant(OpId::conv2d_bwd_bias);
    };
    EXPECT_NE(ran(tiny).find(".simd."), std::string::npos) << threads;
    EXPECT_EQ(ran(small).find(".simd.") != std::string::npos, avx512) << threads;
    EXPECT_NE(ran(large).find(".blocked."), std::string::npos) << threads;
  }
}

TEST(SelectionRules, OverlappingPoolBackwardBelowAvx512RunsSimd) {
  if (detected_isa() < Isa::avx2_fma) GTEST_SKIP() << "no avx2_fma tier";
  Context ctx = serial_context();
  ctx.set_max_isa(Isa::avx2_fma);
  Pool2dParams pp;  // AlexNet's overlapping 3x3/2 max pool
  pp.kernel_h = pp.kernel_w = 3;
  EXPECT_EQ(run_pool(true, {1, 15, 15, 64}, pp, ctx), "pool2d_bwd.simd.avx2_fma");
  EXPECT_EQ(run_pool(true, PoolMode::max, {1, 16, 16, 64}, 2, ctx), "pool2d_bwd.blocked.avx2_fma");  // disjoint
}

}  // namespace
}  // namespace cnnkit::test

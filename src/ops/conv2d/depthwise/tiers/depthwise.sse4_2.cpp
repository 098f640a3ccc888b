// Depthwise conv2d kernels for the SSE4.2 tier (16 xmm registers): tiles of 4 output pixels x 3
// channel vectors (12 accumulators, 3 weight vectors).
#include "simd/arch.hpp"

#define CNNKIT_TIER_NAMESPACE tier_sse4_2
#define CNNKIT_TIER_ARCH ::cnnkit::simd::Sse42
constexpr int kDepthwiseMr = 4;
constexpr int kDepthwiseNv = 3;
constexpr int kDepthwiseWeightsNv = 2;
#include "ops/conv2d/depthwise/tiers/depthwise_tier.inc"

// Depthwise conv2d kernels for the SSE4.2 (16 xmm registers) tier: 8 output pixels per tile (8 accumulators, the
// tap's weight vector and one input vector in flight).
#include "simd/arch.hpp"

#define CNNKIT_TIER_NAMESPACE tier_sse4_2
#define CNNKIT_TIER_ARCH ::cnnkit::simd::Sse42
constexpr int kDepthwiseMr = 8;
#include "ops/conv2d/depthwise/tiers/depthwise_tier.inc"

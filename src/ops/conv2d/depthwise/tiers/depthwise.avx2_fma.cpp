// Depthwise conv2d kernels for the AVX2+FMA (16 ymm registers) tier: 8 output pixels per tile (8 accumulators, the
// tap's weight vector and one input vector in flight).
#include "simd/arch.hpp"

#define CNNKIT_TIER_NAMESPACE tier_avx2_fma
#define CNNKIT_TIER_ARCH ::cnnkit::simd::Avx2Fma
constexpr int kDepthwiseMr = 8;
#include "ops/conv2d/depthwise/tiers/depthwise_tier.inc"

// Depthwise conv2d kernels for the AVX-512 (32 zmm registers) tier: 8 output pixels per tile (8 accumulators, the
// tap's weight vector and one input vector in flight).
#include "simd/arch.hpp"

#define CNNKIT_TIER_NAMESPACE tier_avx512
#define CNNKIT_TIER_ARCH ::cnnkit::simd::Avx512
constexpr int kDepthwiseMr = 8;
#include "ops/conv2d/depthwise/tiers/depthwise_tier.inc"

// Depthwise conv2d kernels for the AVX-512 tier (32 zmm registers): tiles of 7 output pixels x 3
// channel vectors (21 accumulators, 3 weight vectors): 7 divides the layers' widths (7, 14, 28,
// 56, 112), and measured faster than 6 x 4 on them.
#include "simd/arch.hpp"

#define CNNKIT_TIER_NAMESPACE tier_avx512
#define CNNKIT_TIER_ARCH ::cnnkit::simd::Avx512
constexpr int kDepthwiseMr = 7;
constexpr int kDepthwiseNv = 3;
constexpr int kDepthwiseWeightsNv = 3;
#include "ops/conv2d/depthwise/tiers/depthwise_tier.inc"

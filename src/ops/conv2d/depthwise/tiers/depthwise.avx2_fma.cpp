// Depthwise conv2d kernels for the AVX2+FMA tier (16 ymm registers): tiles of 4 output pixels x 3
// channel vectors (12 accumulators, 3 weight vectors).
#include "simd/arch.hpp"

#define CNNKIT_TIER_NAMESPACE tier_avx2_fma
#define CNNKIT_TIER_ARCH ::cnnkit::simd::Avx2Fma
constexpr int kDepthwiseMr = 4;
constexpr int kDepthwiseNv = 3;
constexpr int kDepthwiseWeightsNv = 2;
#include "ops/conv2d/depthwise/tiers/depthwise_tier.inc"

// Depthwise conv2d kernels for the AVX-512 tier (32 zmm registers): tiles of 6 output pixels x 4
// channel vectors (24 accumulators, 4 weight vectors); single vectors slide a 12-pixel window.
#include "simd/arch.hpp"

#define CNNKIT_TIER_NAMESPACE tier_avx512
#define CNNKIT_TIER_ARCH ::cnnkit::simd::Avx512
constexpr int kDepthwiseMr = 7;
constexpr int kDepthwiseNv = 3;
constexpr int kDepthwiseWeightsNv = 3;
#include "ops/conv2d/depthwise/tiers/depthwise_tier.inc"

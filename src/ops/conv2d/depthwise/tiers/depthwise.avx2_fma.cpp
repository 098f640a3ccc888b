// Depthwise conv2d kernels for the AVX2+FMA tier (16 ymm registers): tiles of 7 output pixels x 2
// channel vectors (14 accumulators, 2 weight vectors; the inputs are FMA memory operands).
// Measured on the corpus' batch-1 depthwise layers against 4x3 and 6x2: 7x2 was fastest.
#include "simd/arch.hpp"

#define CNNKIT_TIER_NAMESPACE tier_avx2_fma
#define CNNKIT_TIER_ARCH ::cnnkit::simd::Avx2Fma
constexpr int kDepthwiseMr = 7;
constexpr int kDepthwiseNv = 2;
constexpr int kDepthwiseWeightsNv = 2;
#include "ops/conv2d/depthwise/tiers/depthwise_tier.inc"

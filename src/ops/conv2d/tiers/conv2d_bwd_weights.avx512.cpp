// Backward-weights and bias kernels for the AVX-512 tier (compiled with the avx512 flag set).
// 32 zmm registers: 24 accumulators (rows x vectors: 24x1, 12x2, 8x3, 6x4) + the dy vectors;
// x is broadcast straight from memory into the FMA.
#include "simd/arch.hpp"

#define CNNKIT_TIER_NAMESPACE tier_avx512
#define CNNKIT_TIER_ARCH ::cnnkit::simd::Avx512
constexpr int kBwdWeightsMr[4] = {24, 12, 8, 6};
constexpr int kBwdWeightsRowAccumulators = 24;
#include "ops/conv2d/tiers/conv2d_bwd_weights_tier.inc"

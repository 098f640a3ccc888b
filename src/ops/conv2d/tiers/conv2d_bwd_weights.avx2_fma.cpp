// Backward-weights and bias kernels for the AVX2+FMA tier (compiled with -mavx2 -mfma).
// 16 ymm registers: 12 accumulators (12x1, 6x2, 4x3, 3x4) + the dy vectors + one broadcast.
#include "simd/arch.hpp"

#define CNNKIT_TIER_NAMESPACE tier_avx2_fma
#define CNNKIT_TIER_ARCH ::cnnkit::simd::Avx2Fma
constexpr int kBwdWeightsMr[4] = {12, 6, 4, 3};
constexpr int kBwdWeightsRowAccumulators = 12;
#include "ops/conv2d/tiers/conv2d_bwd_weights_tier.inc"

// Backward-weights and bias kernels for the SSE4.2 tier (compiled with -msse4.2; no FMA:
// multiply + add). 16 xmm registers: same blocking as AVX2.
#include "simd/arch.hpp"

#define CNNKIT_TIER_NAMESPACE tier_sse4_2
#define CNNKIT_TIER_ARCH ::cnnkit::simd::Sse42
constexpr int kBwdWeightsMr[4] = {12, 6, 4, 3};
constexpr int kBwdWeightsRowAccumulators = 12;
#include "ops/conv2d/tiers/conv2d_bwd_weights_tier.inc"

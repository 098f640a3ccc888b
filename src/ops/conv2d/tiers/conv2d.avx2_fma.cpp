// conv2d kernels for the AVX2+FMA tier (compiled with -mavx2 -mfma).
// 16 ymm registers: 6 pixels x 2 vectors = 12 accumulators + 2 weights + 1 broadcast, or
// 12 x 1 (FMA latency 4 x 2 pipes wants >= 8 independent accumulators).
#include "simd/arch.hpp"

#define CNNKIT_TIER_NAMESPACE tier_avx2_fma
#define CNNKIT_TIER_ARCH ::cnnkit::simd::Avx2Fma
constexpr int kMrOneVector = 12;
constexpr int kMrTwoVectors = 6;
constexpr int kVectorRegisters = 16;  // ymm0-15
#include "ops/conv2d/tiers/conv2d_tier.inc"

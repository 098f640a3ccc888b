// conv2d kernels for the AVX-512 tier (compiled with the avx512 flag set; see src/simd/arch.hpp).
// 32 zmm registers: 14 pixels x 2 vectors = 28 accumulators + 2 weight vectors + 1 broadcast,
// or 14 x 1 when a group has at most one vector of output channels.
#include "simd/arch.hpp"

#define CNNKIT_TIER_NAMESPACE tier_avx512
#define CNNKIT_TIER_ARCH ::cnnkit::simd::Avx512
constexpr int kMrOneVector = 14;
constexpr int kMrTwoVectors = 14;
constexpr int kVectorRegisters = 32;  // zmm0-31
#include "ops/conv2d/tiers/conv2d_tier.inc"

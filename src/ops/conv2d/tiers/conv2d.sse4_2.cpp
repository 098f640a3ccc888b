// conv2d kernels for the SSE4.2 tier (compiled with -msse4.2; no FMA: multiply + add).
// 16 xmm registers: same blocking as AVX2.
#include "simd/arch.hpp"

#define CNNKIT_TIER_NAMESPACE tier_sse4_2
#define CNNKIT_TIER_ARCH ::cnnkit::simd::Sse42
constexpr int kMrOneVector = 12;
constexpr int kMrTwoVectors = 6;
constexpr int kVectorRegisters = 16;  // xmm0-15 (x86-64)
#include "ops/conv2d/tiers/conv2d_tier.inc"

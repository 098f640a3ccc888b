// dense kernels for the SSE4.2 tier (compiled with -msse4.2; see src/simd/arch.hpp). 16 xmm
// registers and no FMA (a product and a sum, one temporary): 4 rows x 2 vectors = 8 accumulators
// + 2 B vectors + 1 broadcast + 1 product; the dot tile 3 x 3 as on AVX2.
#include "simd/arch.hpp"

#define CNNKIT_TIER_NAMESPACE tier_sse4_2
#define CNNKIT_TIER_ARCH ::cnnkit::simd::Sse42
constexpr int kMr = 4;
constexpr int kNv = 2;
constexpr int kMrRowMajor = 4;
constexpr int kDotRows = 3;
constexpr int kDotCols = 3;
#include "ops/dense/tiers/dense_tier.inc"

// dense kernels for the AVX2+FMA tier (compiled with -mavx2 -mfma; see src/simd/arch.hpp).
// 16 ymm registers: 6 rows x 2 vectors = 12 accumulators + 2 B vectors + 1 broadcast; the dot
// tile 3 x 3 = 9 accumulators + 3 A vectors + 1 B vector.
#include "simd/arch.hpp"

#define CNNKIT_TIER_NAMESPACE tier_avx2_fma
#define CNNKIT_TIER_ARCH ::cnnkit::simd::Avx2Fma
constexpr int kMr = 6;
constexpr int kNv = 2;
constexpr int kMrRowMajor = 6;
constexpr int kDotRows = 3;
constexpr int kDotCols = 3;
#include "ops/dense/tiers/dense_tier.inc"

// dense kernels for the AVX-512 tier (compiled with the avx512 flag set; see src/simd/arch.hpp).
// 32 zmm registers: 14 rows x 2 vectors = 28 accumulators + 2 B vectors + 1 broadcast; the dot
// tile 4 x 4 = 16 accumulators + 4 A vectors + 1 B vector.
#include "simd/arch.hpp"

#define CNNKIT_TIER_NAMESPACE tier_avx512
#define CNNKIT_TIER_ARCH ::cnnkit::simd::Avx512
constexpr int kMr = 14;
constexpr int kNv = 2;
constexpr int kMrRowMajor = 10;
constexpr int kDotRows = 4;
constexpr int kDotCols = 4;
#include "ops/dense/tiers/dense_tier.inc"

// Saved-indices max-pool kernels for the avx512 tier (compiled with that tier's flags; see src/simd/arch.hpp).
#include "simd/arch.hpp"

#define CNNKIT_TIER_NAMESPACE tier_avx512
#define CNNKIT_TIER_ARCH ::cnnkit::simd::Avx512
#include "ops/pool2d/tiers/pool2d_indices_tier.inc"

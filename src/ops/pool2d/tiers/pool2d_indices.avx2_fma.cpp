// Saved-indices max-pool kernels for the avx2_fma tier (compiled with that tier's flags; see src/simd/arch.hpp).
#include "simd/arch.hpp"

#define CNNKIT_TIER_NAMESPACE tier_avx2_fma
#define CNNKIT_TIER_ARCH ::cnnkit::simd::Avx2Fma
#include "ops/pool2d/tiers/pool2d_indices_tier.inc"

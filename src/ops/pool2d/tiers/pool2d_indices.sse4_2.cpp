// Saved-indices max-pool kernels for the sse4_2 tier (compiled with that tier's flags; see src/simd/arch.hpp).
#include "simd/arch.hpp"

#define CNNKIT_TIER_NAMESPACE tier_sse4_2
#define CNNKIT_TIER_ARCH ::cnnkit::simd::Sse42
#include "ops/pool2d/tiers/pool2d_indices_tier.inc"

// Softmax cross-entropy kernels for the avx512 tier (compiled with that tier's flags; see src/simd/arch.hpp).
// GCC 12 reports -Wmaybe-uninitialized inside the AVX-512 intrinsics that xsimd's exp, sqrt and
// max use (their _mm512_undefined_* pass-through operand): a false positive, silenced for this
// translation unit before the intrinsics headers are read.
#if defined(__GNUC__) && !defined(__clang__)  // clang has no such false positive (nor the warning group)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif
#include "simd/arch.hpp"

#define CNNKIT_TIER_NAMESPACE tier_avx512
#define CNNKIT_TIER_ARCH ::cnnkit::simd::Avx512
#include "ops/softmax_xent/tiers/softmax_xent_tier.inc"

// The one place an ISA tier is mapped to the kernels its translation unit (*.<tier>.cpp) exports.
// Every op family keeps a per-tier struct of plain function pointers (its "tier kernels") and three
// getters, one per tier TU; ISA-neutral drivers pick theirs here. Only call for a tier that
// detected_isa() allows: the returned kernels use that tier's instructions.
#pragma once

#include <string>

#include "cnnkit/dispatch.hpp"
#include "cnnkit/error.hpp"

namespace cnnkit::simd {

// Throws internal_error for a tier without kernels (scalar).
template <class K>
const K& pick_tier_kernels(Isa isa, const K& (*sse4_2)(), const K& (*avx2_fma)(), const K& (*avx512)()) {
  switch (isa) {
    case Isa::sse4_2: return sse4_2();
    case Isa::avx2_fma: return avx2_fma();
    case Isa::avx512: return avx512();
    default: throw Error(Status::internal_error, "no kernels for ISA tier " + std::string(to_string(isa)));
  }
}

}  // namespace cnnkit::simd

// Lanes of one SIMD vector of T on ISA tier I (16 floats on avx512), for the baseline code that
// reasons about vector widths (dispatch rules, plans) without including xsimd.
#pragma once

#include <cstdint>

#include "cnnkit/dispatch.hpp"

namespace cnnkit::simd {

template <Isa I, class T>
constexpr std::int64_t tier_lanes() {
  constexpr std::int64_t bytes = I == Isa::avx512 ? 64 : I == Isa::avx2_fma ? 32 : 16;
  return bytes / static_cast<std::int64_t>(sizeof(T));
}

}  // namespace cnnkit::simd

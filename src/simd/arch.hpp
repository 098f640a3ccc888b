// The ISA tiers as xsimd 8.1 arch types. A tier's kernels are instantiated only in translation
// units named *.<tier>.cpp, which CMake compiles with that tier's flags (src/CMakeLists.txt);
// everything else is baseline x86-64. Include this only from such translation units and from
// headers they include: the batch types of a tier exist only where its flags are on.
//
//   tier       xsimd arch                  flags
//   sse4_2     xsimd::sse4_2               -msse4.2
//   avx2_fma   xsimd::fma3<xsimd::avx2>    -mavx2 -mfma
//   avx512     xsimd::avx512bw             -mavx512f -mavx512cd -mavx512dq -mavx512bw -mavx512vl -mfma
// (xsimd 8.1's avx512f float code uses AVX512DQ instructions, hence the full Skylake-X set, which
// detected_isa() requires before it reports avx512.)
#pragma once

#include <xsimd/xsimd.hpp>

namespace cnnkit::simd {

using Sse42 = xsimd::sse4_2;
using Avx2Fma = xsimd::fma3<xsimd::avx2>;
using Avx512 = xsimd::avx512bw;

}  // namespace cnnkit::simd

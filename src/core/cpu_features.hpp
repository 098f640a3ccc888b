// CPU feature detection: CPUID feature bits confirmed by XGETBV (the OS must save the wider
// register state, or AVX/AVX-512 instructions fault even though CPUID advertises them).
#pragma once

#include "cnnkit/dispatch.hpp"

namespace cnnkit::core {

struct CpuFeatures {
  bool sse4_2 = false, avx = false, avx2 = false, fma = false;
  bool avx512f = false, avx512cd = false, avx512dq = false, avx512bw = false, avx512vl = false;
  bool os_avx = false, os_avx512 = false;  // XCR0 state bits
};

CpuFeatures probe_cpu_features();       // reads CPUID/XGETBV every call
Isa isa_from_features(const CpuFeatures& f);

}  // namespace cnnkit::core

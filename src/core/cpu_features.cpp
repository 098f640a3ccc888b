#include "core/cpu_features.hpp"

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

#include <cstdint>

namespace cnnkit::core {

#if defined(__x86_64__) || defined(__i386__)
namespace {

std::uint64_t read_xcr0() {
  std::uint32_t eax = 0, edx = 0;
  // xgetbv with ecx = 0 reads XCR0; only valid when CPUID.1:ECX.OSXSAVE is set (checked by caller).
  __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
  return (static_cast<std::uint64_t>(edx) << 32) | eax;
}

}  // namespace

CpuFeatures probe_cpu_features() {
  CpuFeatures f;
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return f;
  f.sse4_2 = (ecx >> 20) & 1;
  f.fma = (ecx >> 12) & 1;
  f.avx = (ecx >> 28) & 1;
  const bool osxsave = (ecx >> 27) & 1;
  if (osxsave) {
    const std::uint64_t xcr0 = read_xcr0();
    f.os_avx = (xcr0 & 0x6) == 0x6;         // SSE and AVX (YMM) state
    f.os_avx512 = (xcr0 & 0xE6) == 0xE6;    // + opmask, ZMM_Hi256, Hi16_ZMM
  }
  if (__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) {
    f.avx2 = (ebx >> 5) & 1;
    f.avx512f = (ebx >> 16) & 1;
    f.avx512dq = (ebx >> 17) & 1;
    f.avx512cd = (ebx >> 28) & 1;
    f.avx512bw = (ebx >> 30) & 1;
    f.avx512vl = (ebx >> 31) & 1;
  }
  return f;
}

#else

CpuFeatures probe_cpu_features() { return {}; }

#endif

Isa isa_from_features(const CpuFeatures& f) {
  const bool avx2_fma = f.avx && f.avx2 && f.fma && f.os_avx;
  const bool avx512 = avx2_fma && f.os_avx512 && f.avx512f && f.avx512cd && f.avx512dq &&
                      f.avx512bw && f.avx512vl;
  if (avx512) return Isa::avx512;
  if (avx2_fma) return Isa::avx2_fma;
  if (f.sse4_2) return Isa::sse4_2;
  return Isa::scalar;
}

}  // namespace cnnkit::core

namespace cnnkit {

Isa detected_isa() {
  static const Isa isa = core::isa_from_features(core::probe_cpu_features());
  return isa;
}

}  // namespace cnnkit

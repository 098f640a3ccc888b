// detected_isa() against the compiler's own CPU detection (libgcc's __builtin_cpu_supports, which
// also checks that the OS saves the AVX / AVX-512 register state).
#include <gtest/gtest.h>

#include "cnnkit/dispatch.hpp"
#include "core/cpu_features.hpp"

namespace cnnkit::test {
namespace {

#if defined(__x86_64__) || defined(__i386__)

TEST(CpuDetection, DetectedIsaAgreesWithCompilerBuiltins) {
  __builtin_cpu_init();
  const bool sse4_2 = __builtin_cpu_supports("sse4.2");
  const bool avx2_fma = __builtin_cpu_supports("avx") && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  const bool avx512 = avx2_fma && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512cd") &&
                      __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512bw") &&
                      __builtin_cpu_supports("avx512vl");
  const Isa expected = avx512 ? Isa::avx512 : avx2_fma ? Isa::avx2_fma : sse4_2 ? Isa::sse4_2 : Isa::scalar;
  EXPECT_EQ(detected_isa(), expected) << "detected " << to_string(detected_isa()) << ", builtins say " << to_string(expected);
  // Each tier implies its features.
  if (detected_isa() >= Isa::sse4_2) {
    EXPECT_TRUE(__builtin_cpu_supports("sse4.2"));
  }
  if (detected_isa() >= Isa::avx2_fma) {
    EXPECT_TRUE(__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"));
  }
  if (detected_isa() >= Isa::avx512) {
    EXPECT_TRUE(__builtin_cpu_supports("avx512f"));
  }
}

TEST(CpuDetection, FeatureBitsAgreeWithCompilerBuiltins) {
  __builtin_cpu_init();
  const core::CpuFeatures f = core::probe_cpu_features();
  EXPECT_EQ(f.sse4_2, static_cast<bool>(__builtin_cpu_supports("sse4.2")));
  EXPECT_EQ(f.avx2 && f.os_avx, static_cast<bool>(__builtin_cpu_supports("avx2")));
  EXPECT_EQ(f.fma && f.os_avx, static_cast<bool>(__builtin_cpu_supports("fma")));
  EXPECT_EQ(f.avx512f && f.os_avx512, static_cast<bool>(__builtin_cpu_supports("avx512f")));
  EXPECT_EQ(core::isa_from_features(f), detected_isa());
}

#endif

TEST(CpuDetection, TiersNeedEveryFeatureOfTheirSet) {
  core::CpuFeatures all;
  all.sse4_2 = all.avx = all.avx2 = all.fma = true;
  all.avx512f = all.avx512cd = all.avx512dq = all.avx512bw = all.avx512vl = true;
  all.os_avx = all.os_avx512 = true;
  EXPECT_EQ(core::isa_from_features(all), Isa::avx512);
  for (bool core::CpuFeatures::*bit : {&core::CpuFeatures::avx512f, &core::CpuFeatures::avx512cd,
                                       &core::CpuFeatures::avx512dq, &core::CpuFeatures::avx512bw,
                                       &core::CpuFeatures::avx512vl, &core::CpuFeatures::os_avx512}) {
    core::CpuFeatures f = all;
    f.*bit = false;
    EXPECT_EQ(core::isa_from_features(f), Isa::avx2_fma);
  }
  for (bool core::CpuFeatures::*bit :
       {&core::CpuFeatures::avx, &core::CpuFeatures::avx2, &core::CpuFeatures::fma, &core::CpuFeatures::os_avx}) {
    core::CpuFeatures f = all;
    f.*bit = false;
    EXPECT_EQ(core::isa_from_features(f), Isa::sse4_2);
  }
  EXPECT_EQ(core::isa_from_features(core::CpuFeatures{}), Isa::scalar);
}

}  // namespace
}  // namespace cnnkit::test

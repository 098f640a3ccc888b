// The dispatch rules shared by the streaming ops' variants (relu, pad), on the output's element
// count, and the instantiation list of their drivers.
#pragma once

#include <cstdint>

#include "core/thread_gate.hpp"
#include "ops/eltwise/stream_thresholds.hpp"

namespace cnnkit::ops {

// A simd variant: threaded ones pass on one thread and (unless forced) on outputs too small for a
// thread team; serial ones accept everything.
template <class T, Threading Th>
const char* eltwise_simd_declines(std::int64_t output_count, const core::Exec& exec) {
  if constexpr (Th == Threading::serial) {
    return nullptr;
  } else {
    return core::decline_threads(Th, exec, static_cast<double>(output_count),
                                 static_cast<double>(kEltwiseThreadsMinElements), kEltwiseThreadsTooSmall);
  }
}

// A stream variant: as a simd one, and (unless forced) passes whose working set (every input and
// the output, in elements) still fits the caches.
template <class T, Threading Th>
const char* eltwise_stream_declines(std::int64_t output_count, std::int64_t working_set_count, const core::Exec& exec) {
  if (!exec.forced && working_set_count * static_cast<std::int64_t>(sizeof(T)) < kStreamMinWorkingSetBytes)
    return kStreamTooSmall;
  return eltwise_simd_declines<T, Th>(output_count, exec);
}

}  // namespace cnnkit::ops

// Calls M(ISA, THREADING, STREAM, T) for every rung of the ladder: 3 tiers x 3 threadings x
// {simd, stream} x {float, double}.
#define CNNKIT_ELTWISE_LADDER_TH(M, ISA, S, T) \
  M(ISA, ::cnnkit::Threading::serial, S, T)    \
  M(ISA, ::cnnkit::Threading::openmp, S, T) M(ISA, ::cnnkit::Threading::tbb, S, T)
#define CNNKIT_ELTWISE_LADDER_T(M, ISA, T) \
  CNNKIT_ELTWISE_LADDER_TH(M, ISA, false, T) CNNKIT_ELTWISE_LADDER_TH(M, ISA, true, T)
#define CNNKIT_ELTWISE_LADDER_ISA(M, ISA) CNNKIT_ELTWISE_LADDER_T(M, ISA, float) CNNKIT_ELTWISE_LADDER_T(M, ISA, double)
#define CNNKIT_ELTWISE_FOR_EACH_RUNG(M)               \
  CNNKIT_ELTWISE_LADDER_ISA(M, ::cnnkit::Isa::sse4_2) \
  CNNKIT_ELTWISE_LADDER_ISA(M, ::cnnkit::Isa::avx2_fma) CNNKIT_ELTWISE_LADDER_ISA(M, ::cnnkit::Isa::avx512)

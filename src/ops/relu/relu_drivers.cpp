#include "ops/relu/relu_drivers.hpp"

#include "core/thread_gate.hpp"
#include "ops/eltwise/line_split.hpp"
#include "ops/eltwise/stream_thresholds.hpp"
#include "ops/relu/relu_tiers.hpp"

namespace cnnkit::ops {

template <Isa I, Threading Th, bool Stream, class T>
void relu_fwd_lines(const EltwiseProblem& p, const T* x, T* y, const core::Exec& exec) {
  const ReluTierKernels<T>& k = relu_tier_kernels<T>(I);
  const auto kernel = Stream ? k.fwd_stream : k.fwd_simd;
  for_each_line_range(Th, core::resolve_num_threads(Th, exec), y, p.count,
                      [&](std::int64_t begin, std::int64_t end) { kernel(x + begin, y + begin, end - begin); });
}

template <Isa I, Threading Th, bool Stream, class T>
void relu_bwd_lines(const EltwiseProblem& p, const T* x, const T* dy, T* dx, const core::Exec& exec) {
  const ReluTierKernels<T>& k = relu_tier_kernels<T>(I);
  const auto kernel = Stream ? k.bwd_stream : k.bwd_simd;
  for_each_line_range(Th, core::resolve_num_threads(Th, exec), dx, p.count, [&](std::int64_t begin, std::int64_t end) {
    kernel(x + begin, dy + begin, dx + begin, end - begin);
  });
}

template <class T, Threading Th>
const char* relu_simd_declines(const EltwiseProblem& p, const core::Exec& exec) {
  if constexpr (Th == Threading::serial) {
    return nullptr;
  } else {
    return core::decline_threads(Th, exec, static_cast<double>(p.count), static_cast<double>(kEltwiseThreadsMinElements),
                                 kEltwiseThreadsTooSmall);
  }
}

template <class T, Threading Th>
const char* relu_stream_declines(const EltwiseProblem& p, const core::Exec& exec) {
  if (!exec.forced) {
    if (p.count * static_cast<std::int64_t>(sizeof(T)) < kStreamMinBytes) return kStreamTooSmall;
    if (p.in_place && !kReluStreamInPlace) return "in place: every line is read anyway, so streaming stores do not pay";
  }
  return relu_simd_declines<T, Th>(p, exec);
}

#define CNNKIT_INSTANTIATE_TH(TH, T)                                                                             \
  template const char* relu_simd_declines<T, TH>(const EltwiseProblem&, const core::Exec&);                    \
  template const char* relu_stream_declines<T, TH>(const EltwiseProblem&, const core::Exec&);
#define CNNKIT_INSTANTIATE(ISA, TH, S, T)                                                                        \
  template void relu_fwd_lines<ISA, TH, S, T>(const EltwiseProblem&, const T*, T*, const core::Exec&);          \
  template void relu_bwd_lines<ISA, TH, S, T>(const EltwiseProblem&, const T*, const T*, T*, const core::Exec&);
#define CNNKIT_INSTANTIATE_T(ISA, T)                                   \
  CNNKIT_INSTANTIATE(ISA, Threading::serial, false, T)                 \
  CNNKIT_INSTANTIATE(ISA, Threading::openmp, false, T)                 \
  CNNKIT_INSTANTIATE(ISA, Threading::tbb, false, T)                    \
  CNNKIT_INSTANTIATE(ISA, Threading::serial, true, T)                  \
  CNNKIT_INSTANTIATE(ISA, Threading::openmp, true, T)                  \
  CNNKIT_INSTANTIATE(ISA, Threading::tbb, true, T)
#define CNNKIT_INSTANTIATE_TIER(ISA) CNNKIT_INSTANTIATE_T(ISA, float) CNNKIT_INSTANTIATE_T(ISA, double)
CNNKIT_INSTANTIATE_TIER(Isa::sse4_2)
CNNKIT_INSTANTIATE_TIER(Isa::avx2_fma)
CNNKIT_INSTANTIATE_TIER(Isa::avx512)
#define CNNKIT_INSTANTIATE_DECLINES(T)                                                                           \
  CNNKIT_INSTANTIATE_TH(Threading::serial, T) CNNKIT_INSTANTIATE_TH(Threading::openmp, T)                       \
  CNNKIT_INSTANTIATE_TH(Threading::tbb, T)
CNNKIT_INSTANTIATE_DECLINES(float)
CNNKIT_INSTANTIATE_DECLINES(double)

}  // namespace cnnkit::ops

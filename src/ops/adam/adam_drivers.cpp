#include "ops/adam/adam_drivers.hpp"

#include <algorithm>
#include <cstdint>

#include "core/thread_gate.hpp"
#include "core/threading.hpp"
#include "ops/adam/adam_tiers.hpp"
#include "ops/eltwise/line_split.hpp"

namespace cnnkit::ops {

// Below this many elements a thread team's start-up costs more than the update.
constexpr double kAdamThreadedMinElements = 1 << 15;

template <Threading Th>
const char* adam_threads_decline(const AdamProblem& p, const core::Exec& exec) {
  return core::decline_threads(Th, exec, static_cast<double>(p.count), kAdamThreadedMinElements,
                               "problem too small for threads (< 32K elements)");
}

template <Isa I, Threading Th, class T>
void adam_simd(const AdamProblem& p, T* param, const T* grad, T* m, T* v, const core::Exec& exec) {
  const AdamCoefficients<T> c = adam_coefficients<T>(p.params);
  const AdamTierKernels<T>& k = adam_tier_kernels<T>(I);
  // param's cache lines (adam_split): threads never share a written line of param.
  for_each_line_range(Th, core::resolve_num_threads(Th, exec), param, p.count, [&](std::int64_t first, std::int64_t last) {
    k.elements(c, param, grad, m, v, first, last);
  });
}

template <class T>
core::ThreadSplit adam_split(const AdamProblem& p, const core::Exec&, bool with_work) {
  return line_split<T>(p.count, with_work);
}

template core::ThreadSplit adam_split<float>(const AdamProblem&, const core::Exec&, bool);
template core::ThreadSplit adam_split<double>(const AdamProblem&, const core::Exec&, bool);
template const char* adam_threads_decline<Threading::openmp>(const AdamProblem&, const core::Exec&);
template const char* adam_threads_decline<Threading::tbb>(const AdamProblem&, const core::Exec&);

#define CNNKIT_INSTANTIATE(ISA, T)                                                                       \
  template void adam_simd<ISA, Threading::serial, T>(const AdamProblem&, T*, const T*, T*, T*, const core::Exec&); \
  template void adam_simd<ISA, Threading::openmp, T>(const AdamProblem&, T*, const T*, T*, T*, const core::Exec&); \
  template void adam_simd<ISA, Threading::tbb, T>(const AdamProblem&, T*, const T*, T*, T*, const core::Exec&);
#define CNNKIT_INSTANTIATE_TIER(ISA) CNNKIT_INSTANTIATE(ISA, float) CNNKIT_INSTANTIATE(ISA, double)
CNNKIT_INSTANTIATE_TIER(Isa::sse4_2)
CNNKIT_INSTANTIATE_TIER(Isa::avx2_fma)
CNNKIT_INSTANTIATE_TIER(Isa::avx512)

}  // namespace cnnkit::ops

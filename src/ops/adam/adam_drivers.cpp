#include "ops/adam/adam_drivers.hpp"

#include <algorithm>
#include <cstdint>

#include "core/thread_gate.hpp"
#include "core/threading.hpp"
#include "ops/adam/adam_tiers.hpp"

namespace cnnkit::ops {

// Below this many elements a thread team's start-up costs more than the update.
constexpr double kAdamThreadedMinElements = 1 << 15;
constexpr std::size_t kLineBytes = 64;

template <Threading Th>
const char* adam_threads_decline(const AdamProblem& p, const core::Exec& exec) {
  return core::decline_threads(Th, exec, static_cast<double>(p.count), kAdamThreadedMinElements,
                               "problem too small for threads (< 32K elements)");
}

template <Isa I, Threading Th, class T>
void adam_simd(const AdamProblem& p, T* param, const T* grad, T* m, T* v, const core::Exec& exec) {
  const AdamCoefficients<T> c = adam_coefficients<T>(p.params);
  const AdamTierKernels<T>& k = adam_tier_kernels<T>(I);
  // Unit u covers elements [u * per_line - lead, (u + 1) * per_line - lead) clipped to the count,
  // where lead = how far param starts into its cache line.
  constexpr std::int64_t per_line = kLineBytes / sizeof(T);
  const auto lead = static_cast<std::int64_t>(reinterpret_cast<std::uintptr_t>(param) % kLineBytes / sizeof(T));
  const std::int64_t units = core::fixed_chunks(p.count + lead, per_line);
  core::parallel_for(Th, core::resolve_num_threads(Th, exec), units, [&](std::int64_t begin, std::int64_t end) {
    const std::int64_t first = std::max<std::int64_t>(0, begin * per_line - lead);
    const std::int64_t last = std::min(p.count, end * per_line - lead);
    k.elements(c, param, grad, m, v, first, last);
  });
}

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

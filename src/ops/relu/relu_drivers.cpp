#include "ops/relu/relu_drivers.hpp"

#include "ops/eltwise/line_split.hpp"
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

#define CNNKIT_INSTANTIATE(ISA, TH, S, T)                                                              \
  template void relu_fwd_lines<ISA, TH, S, T>(const EltwiseProblem&, const T*, T*, const core::Exec&); \
  template void relu_bwd_lines<ISA, TH, S, T>(const EltwiseProblem&, const T*, const T*, T*, const core::Exec&);
CNNKIT_ELTWISE_FOR_EACH_RUNG(CNNKIT_INSTANTIATE)

}  // namespace cnnkit::ops

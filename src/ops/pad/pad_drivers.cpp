#include "ops/pad/pad_drivers.hpp"

#include "ops/eltwise/line_split.hpp"
#include "ops/pad/pad_tiers.hpp"

namespace cnnkit::ops {

template <Isa I, Threading Th, bool Stream, class T>
void pad_lines(const PadProblem& p, const T* x, T* y, T value, const core::Exec& exec) {
  const PadTierKernels<T>& k = pad_tier_kernels<T>(I);
  const auto kernel = Stream ? k.range_stream : k.range_simd;
  for_each_line_range(Th, core::resolve_num_threads(Th, exec), y, pad_output_elements(p),
                      [&](std::int64_t begin, std::int64_t end) { kernel(p, x, y, value, begin, end); });
}

#define CNNKIT_INSTANTIATE(ISA, TH, S, T) \
  template void pad_lines<ISA, TH, S, T>(const PadProblem&, const T*, T*, T, const core::Exec&);
CNNKIT_ELTWISE_FOR_EACH_RUNG(CNNKIT_INSTANTIATE)

}  // namespace cnnkit::ops

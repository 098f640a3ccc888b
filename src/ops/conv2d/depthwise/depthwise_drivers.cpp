#include "ops/conv2d/depthwise/depthwise_drivers.hpp"

#include <algorithm>

#include "core/thread_gate.hpp"
#include "core/threading.hpp"
#include "core/workspace.hpp"
#include "ops/conv2d/conv2d_blocked_geometry.hpp"
#include "ops/conv2d/conv2d_thread_splits.hpp"
#include "ops/conv2d/depthwise/depthwise_plan.hpp"
#include "ops/conv2d/depthwise/depthwise_tiers.hpp"

namespace cnnkit::ops {
namespace {

// Below this many flops a depthwise call is over before a thread team has started.
constexpr double kDepthwiseThreadsMinWork = 1e6;

}  // namespace

template <Isa I, class T>
core::ThreadSplit conv2d_fwd_depthwise_split(const Conv2dProblem& problem, const core::Exec&, bool with_work) {
  return depthwise_rows_thread_split(problem.y.n * problem.y.h, "output row (every channel)", with_work);
}

template <Isa I, class T>
core::ThreadSplit conv2d_bwd_data_depthwise_split(const Conv2dProblem& problem, const core::Exec&, bool with_work) {
  return depthwise_rows_thread_split(problem.x.n * problem.x.h, "dx row (every channel)", with_work);
}

template <Isa I, class T>
core::ThreadSplit conv2d_bwd_weights_depthwise_split(const Conv2dProblem& problem, const core::Exec&, bool with_work) {
  const Conv2dProblem p = normalised_geometry(problem);
  const std::int64_t group = depthwise_weights_group_channels(p, depthwise_tier_kernels<T>(I).lanes, sizeof(T));
  return depthwise_weights_thread_split(depthwise_weights_chunks(p), p.x.c, group, with_work);
}

template <Isa I, Threading Th, class T>
void conv2d_fwd_depthwise(const Conv2dProblem& problem, const T* x, const T* w, const T* b, T* y,
                          const core::Exec& exec) {
  const Conv2dProblem p = normalised_geometry(problem);
  const DepthwiseTierKernels<T>& k = depthwise_tier_kernels<T>(I);
  const core::ThreadSplit split = conv2d_fwd_depthwise_split<I, T>(p, exec, false);
  core::parallel_for(
      Th, core::resolve_num_threads(Th, exec), split.items,
      [&](std::int64_t begin, std::int64_t end) { k.fwd_rows(p, x, w, b, y, begin, end); }, split.grain);
}

template <Isa I, Threading Th, class T>
void conv2d_bwd_data_depthwise(const Conv2dProblem& problem, const T* dy, const T* w, T* dx, const core::Exec& exec) {
  const Conv2dProblem p = normalised_geometry(problem);
  const DepthwiseTierKernels<T>& k = depthwise_tier_kernels<T>(I);
  const core::ThreadSplit split = conv2d_bwd_data_depthwise_split<I, T>(p, exec, false);
  core::parallel_for(
      Th, core::resolve_num_threads(Th, exec), split.items,
      [&](std::int64_t begin, std::int64_t end) { k.bwd_data_rows(p, dy, w, dx, begin, end); }, split.grain);
}

template <Isa I, Threading Th, class T>
void conv2d_bwd_weights_depthwise(const Conv2dProblem& problem, const T* x, const T* dy, T* dw,
                                  const core::Exec& exec) {
  const Conv2dProblem p = normalised_geometry(problem);
  const DepthwiseTierKernels<T>& k = depthwise_tier_kernels<T>(I);
  const DepthwiseWeightsChunks chunks = depthwise_weights_chunks(p);
  const std::int64_t size = p.w.kh * p.w.kw * p.x.c;  // dW elements
  if (chunks.chunks == 0) {  // no output pixels: nothing to sum
    std::fill(dw, dw + size, T(0));
    return;
  }
  // One chunk sums straight into dW; several into partials, added below in chunk order.
  T* partials = chunks.chunks == 1
                    ? dw
                    : core::thread_scratch<T>(core::ScratchSlot::partials, static_cast<std::size_t>(chunks.chunks * size));
  const core::ThreadSplit split = conv2d_bwd_weights_depthwise_split<I, T>(p, exec, false);
  core::parallel_for(
      Th, core::resolve_num_threads(Th, exec), split.items,
      [&](std::int64_t begin, std::int64_t end) { k.bwd_weights_items(p, x, dy, partials, begin, end); }, split.grain);
  if (chunks.chunks == 1) return;
  std::copy(partials, partials + size, dw);
  for (std::int64_t c = 1; c < chunks.chunks; ++c) {
    const T* part = partials + c * size;
    for (std::int64_t e = 0; e < size; ++e) dw[e] += part[e];
  }
}

template <Threading Th>
const char* conv2d_depthwise_rule(const Conv2dProblem& p, const core::Exec& exec) {
  if (!is_depthwise(p)) return "not depthwise (one input and one output channel per group)";
  if (const char* why = blocked_geometry_decline(p)) return why;
  if constexpr (Th == Threading::serial) return nullptr;
  return core::decline_threads(Th, exec, p.flops(), kDepthwiseThreadsMinWork,
                               "depthwise problem too small for threads (< 1 MFLOP)");
}

template const char* conv2d_depthwise_rule<Threading::serial>(const Conv2dProblem&, const core::Exec&);
template const char* conv2d_depthwise_rule<Threading::openmp>(const Conv2dProblem&, const core::Exec&);
template const char* conv2d_depthwise_rule<Threading::tbb>(const Conv2dProblem&, const core::Exec&);

#define CNNKIT_INSTANTIATE(ISA, TH, T)                                                                          \
  template void conv2d_fwd_depthwise<ISA, TH, T>(const Conv2dProblem&, const T*, const T*, const T*, T*,        \
                                                 const core::Exec&);                                           \
  template void conv2d_bwd_data_depthwise<ISA, TH, T>(const Conv2dProblem&, const T*, const T*, T*,             \
                                                      const core::Exec&);                                      \
  template void conv2d_bwd_weights_depthwise<ISA, TH, T>(const Conv2dProblem&, const T*, const T*, T*,          \
                                                         const core::Exec&);
#define CNNKIT_INSTANTIATE_SPLITS(ISA, T)                                                                      \
  template core::ThreadSplit conv2d_fwd_depthwise_split<ISA, T>(const Conv2dProblem&, const core::Exec&, bool);       \
  template core::ThreadSplit conv2d_bwd_data_depthwise_split<ISA, T>(const Conv2dProblem&, const core::Exec&, bool);  \
  template core::ThreadSplit conv2d_bwd_weights_depthwise_split<ISA, T>(const Conv2dProblem&, const core::Exec&, bool);
#define CNNKIT_INSTANTIATE_TH(ISA, T)                                                                        \
  CNNKIT_INSTANTIATE(ISA, Threading::serial, T) CNNKIT_INSTANTIATE(ISA, Threading::openmp, T)              \
  CNNKIT_INSTANTIATE(ISA, Threading::tbb, T) CNNKIT_INSTANTIATE_SPLITS(ISA, T)
#define CNNKIT_INSTANTIATE_TIER(ISA) CNNKIT_INSTANTIATE_TH(ISA, float) CNNKIT_INSTANTIATE_TH(ISA, double)
CNNKIT_INSTANTIATE_TIER(Isa::sse4_2)
CNNKIT_INSTANTIATE_TIER(Isa::avx2_fma)
CNNKIT_INSTANTIATE_TIER(Isa::avx512)

}  // namespace cnnkit::ops

#include "ops/conv2d/conv2d_bwd_weights_drivers.hpp"

#include <algorithm>

#include "core/threading.hpp"
#include "core/workspace.hpp"
#include "ops/conv2d/conv2d_blocked_geometry.hpp"
#include "ops/conv2d/conv2d_bwd_weights_plan.hpp"
#include "ops/conv2d/conv2d_nonfinite_fixup.hpp"
#include "ops/conv2d/conv2d_thread_splits.hpp"
#include "ops/conv2d/conv2d_tiers_bwd_weights.hpp"

namespace cnnkit::ops {

template <Isa I, class T>
void conv2d_bwd_weights_simd(const Conv2dProblem& p, const T* x, const T* dy, T* dw, const core::Exec&) {
  conv_bwd_weights_tier_kernels<T>(I).weights_simd(normalised_geometry(p), x, dy, dw);  // no stride*pitch overflow
}

template <Isa I, Threading Th, class T>
core::ThreadSplit conv2d_bwd_weights_blocked_split(const Conv2dProblem& p, const core::Exec&, bool with_work) {
  if (p.y.n * p.y.h * p.y.w == 0) return core::ThreadSplit{0, 1, "nothing to sum (no output pixel)", {}};
  const ConvBwdWeightsTierKernels<T>& k = conv_bwd_weights_tier_kernels<T>(I);
  return conv_bwd_weights_thread_split(make_conv_bwd_weights_plan(p, k.blocking, sizeof(T)), with_work);
}

template <Isa I, Threading Th, class T>
void conv2d_bwd_weights_blocked(const Conv2dProblem& p, const T* x, const T* dy, T* dw, const core::Exec& exec) {
  if (p.y.n * p.y.h * p.y.w == 0) {  // no pixel to sum over: the units would never write dW
    std::fill(dw, dw + p.w.kh * p.w.kw * p.w.c_in_per_group * p.w.c_out, T(0));
    return;
  }
  const ConvBwdWeightsTierKernels<T>& k = conv_bwd_weights_tier_kernels<T>(I);
  const ConvBwdWeightsPlan plan = make_conv_bwd_weights_plan(p, k.blocking, sizeof(T));
  // Serial variants run the whole range inline (parallel_for does that for Threading::serial).
  // Parts past the first sum into partials (written by the workers, added here in part order).
  T* partials = plan.pixel_parts == 1 ? nullptr
                                      : core::thread_scratch<T>(core::ScratchSlot::weight_partials,
                                                                static_cast<std::size_t>(plan.partials_count()));
  const core::ThreadSplit split = conv_bwd_weights_thread_split(plan, false);
  core::parallel_for(
      Th, core::resolve_num_threads(Th, exec), split.items,
      [&](std::int64_t begin, std::int64_t end) { k.weights_blocked_units(plan, x, dy, dw, partials, begin, end); },
      split.grain);
  if (partials) add_conv_bwd_weights_partials(plan, partials, dw);
  conv2d_bwd_weights_fix_padding_nans(p, x, dy, dw);  // padded zeros times non-finite dy
}

#define CNNKIT_INSTANTIATE(ISA, T)                                                                                  \
  template core::ThreadSplit conv2d_bwd_weights_blocked_split<ISA, Threading::openmp, T>(const Conv2dProblem&,    \
                                                                                        const core::Exec&, bool);  \
  template core::ThreadSplit conv2d_bwd_weights_blocked_split<ISA, Threading::tbb, T>(const Conv2dProblem&,       \
                                                                                     const core::Exec&, bool);     \
  template void conv2d_bwd_weights_simd<ISA, T>(const Conv2dProblem&, const T*, const T*, T*, const core::Exec&);  \
  template void conv2d_bwd_weights_blocked<ISA, Threading::serial, T>(const Conv2dProblem&, const T*, const T*, T*, \
                                                                      const core::Exec&);                         \
  template void conv2d_bwd_weights_blocked<ISA, Threading::openmp, T>(const Conv2dProblem&, const T*, const T*, T*, \
                                                                      const core::Exec&);                         \
  template void conv2d_bwd_weights_blocked<ISA, Threading::tbb, T>(const Conv2dProblem&, const T*, const T*, T*,    \
                                                                   const core::Exec&);
#define CNNKIT_INSTANTIATE_TIER(ISA) CNNKIT_INSTANTIATE(ISA, float) CNNKIT_INSTANTIATE(ISA, double)
CNNKIT_INSTANTIATE_TIER(Isa::sse4_2)
CNNKIT_INSTANTIATE_TIER(Isa::avx2_fma)
CNNKIT_INSTANTIATE_TIER(Isa::avx512)

}  // namespace cnnkit::ops

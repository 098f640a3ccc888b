#include "ops/conv2d/conv2d_fwd_drivers.hpp"

#include <algorithm>
#include <string>

#include "core/thread_gate.hpp"
#include "core/threading.hpp"
#include "core/workspace.hpp"
#include "ops/conv2d/conv2d_blocked_geometry.hpp"
#include "ops/conv2d/conv2d_fwd_plan.hpp"
#include "ops/conv2d/conv2d_nonfinite_fixup.hpp"
#include "ops/conv2d/conv2d_packed_weights.hpp"
#include "ops/conv2d/conv2d_thread_splits.hpp"
#include "ops/conv2d/conv2d_threaded_packing.hpp"
#include "ops/conv2d/conv2d_tiers.hpp"

namespace cnnkit::ops {

template <Isa I, class T>
void conv2d_fwd_simd(const Conv2dProblem& p, const T* x, const T* w, const T* b, T* y, const core::Exec&) {
  conv_tier_kernels<T>(I).fwd_simd(normalised_geometry(p), x, w, b, y);  // no stride*pitch overflow
}

template <Isa I, Threading Th, class T>
core::ThreadSplit conv2d_fwd_blocked_split(const Conv2dProblem& p, const core::Exec& exec, bool with_work) {
  const int threads = core::resolve_num_threads(Th, exec);
  return conv_fwd_thread_split(make_conv_fwd_plan(p, conv_tier_kernels<T>(I).blocking, sizeof(T), threads), with_work);
}

template <Isa I, Threading Th, class T>
void conv2d_fwd_blocked(const Conv2dProblem& p, const T* x, const T* w, const T* b, T* y, const core::Exec& exec) {
  const ConvTierKernels<T>& k = conv_tier_kernels<T>(I);
  const int threads = core::resolve_num_threads(Th, exec);
  const ConvFwdPlan plan = make_conv_fwd_plan(p, k.blocking, sizeof(T), threads);
  const T* packed = nullptr;
  // Whether w holds an infinity or a NaN (conv2d_nonfinite_fixup.hpp): noted when the weights were
  // prepacked, or while packing them; the planar kernel's weights (at most 8 output channels) are
  // few enough to scan.
  bool w_nonfinite = p.packed_weights && p.packed_weights->weights_nonfinite;
  if (plan.planar) {
    packed = w;  // the planar kernel reads HWIO weights as they are
    if (!p.packed_weights) w_nonfinite = any_nonfinite(w, p.w.kh * p.w.kw * p.w.c_in_per_group * p.w.c_out);
  } else if (p.packed_weights && p.packed_weights->serves(plan, I)) {
    packed = static_cast<const T*>(p.packed_weights->data);  // packed ahead of the call
  } else {
    T* scratch =
        core::thread_scratch<T>(core::ScratchSlot::packed_weights, static_cast<std::size_t>(plan.packed_count()));
    w_nonfinite = pack_conv_fwd_weights_threaded(plan, w, scratch, Th, threads);
    packed = scratch;
  }
  // Serial variants run the whole range inline (parallel_for does that for Threading::serial).
  const core::ThreadSplit split = conv_fwd_thread_split(plan, false);
  core::parallel_for(
      Th, threads, split.items,
      [&](std::int64_t begin, std::int64_t end) { k.fwd_blocked_tiles(plan, x, packed, b, y, begin, end); },
      split.grain);
  conv2d_fwd_fix_padding_nans(p, x, w, b, y, w_nonfinite);  // padded zeros times non-finite weights
}

#define CNNKIT_INSTANTIATE(ISA, T)                                                                                     \
  template core::ThreadSplit conv2d_fwd_blocked_split<ISA, Threading::openmp, T>(const Conv2dProblem&,                 \
                                                                                 const core::Exec&, bool);             \
  template core::ThreadSplit conv2d_fwd_blocked_split<ISA, Threading::tbb, T>(const Conv2dProblem&, const core::Exec&, \
                                                                              bool);                                   \
  template void conv2d_fwd_simd<ISA, T>(const Conv2dProblem&, const T*, const T*, const T*, T*, const core::Exec&);    \
  template void conv2d_fwd_blocked<ISA, Threading::serial, T>(const Conv2dProblem&, const T*, const T*, const T*, T*,  \
                                                              const core::Exec&);                                      \
  template void conv2d_fwd_blocked<ISA, Threading::openmp, T>(const Conv2dProblem&, const T*, const T*, const T*, T*,  \
                                                              const core::Exec&);                                      \
  template void conv2d_fwd_blocked<ISA, Threading::tbb, T>(const Conv2dProblem&, const T*, const T*, const T*, T*,     \
                                                           const core::Exec&);
#define CNNKIT_INSTANTIATE_TIER(ISA) CNNKIT_INSTANTIATE(ISA, float) CNNKIT_INSTANTIATE(ISA, double)
CNNKIT_INSTANTIATE_TIER(Isa::sse4_2)
CNNKIT_INSTANTIATE_TIER(Isa::avx2_fma)
CNNKIT_INSTANTIATE_TIER(Isa::avx512)

}  // namespace cnnkit::ops

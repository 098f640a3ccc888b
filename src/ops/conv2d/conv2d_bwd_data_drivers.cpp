#include "ops/conv2d/conv2d_bwd_data_drivers.hpp"

#include "core/threading.hpp"
#include "core/workspace.hpp"
#include "ops/conv2d/conv2d_blocked_geometry.hpp"
#include "ops/conv2d/conv2d_bwd_data_plan.hpp"
#include "ops/conv2d/conv2d_bwd_data_planar.hpp"
#include "ops/conv2d/conv2d_bwd_data_tiers.hpp"
#include "ops/conv2d/conv2d_nonfinite_fixup.hpp"
#include "ops/conv2d/conv2d_packed_weights.hpp"
#include "ops/conv2d/conv2d_thread_splits.hpp"
#include "ops/conv2d/conv2d_threaded_packing.hpp"
#include "ops/conv2d/conv2d_tiers.hpp"

namespace cnnkit::ops {

template <class T>
const ConvBwdDataTierKernels<T>& conv_bwd_data_tier_kernels(Isa isa) {
  return pick_tier_kernels<ConvBwdDataTierKernels<T>>(isa, &tier_sse4_2::conv_bwd_data_kernels<T>,
                                                      &tier_avx2_fma::conv_bwd_data_kernels<T>,
                                                      &tier_avx512::conv_bwd_data_kernels<T>);
}
// Also for the prepack constructor (its tier's blocking decides the layout).
template const ConvBwdDataTierKernels<float>& conv_bwd_data_tier_kernels<float>(Isa);
template const ConvBwdDataTierKernels<double>& conv_bwd_data_tier_kernels<double>(Isa);

template <Isa I, class T>
void conv2d_bwd_data_simd(const Conv2dProblem& p, const T* dy, const T* w, T* dx, const core::Exec&) {
  conv_bwd_data_tier_kernels<T>(I).simd(normalised_geometry(p), dy, w, dx);  // no stride*pitch overflow
}

template <Isa I, Threading Th, class T>
core::ThreadSplit conv2d_bwd_data_blocked_split(const Conv2dProblem& p, const core::Exec& exec, bool with_work) {
  const int threads = core::resolve_num_threads(Th, exec);
  const ConvBwdDataPlan plan =
      make_conv_bwd_data_plan(p, conv_bwd_data_tier_kernels<T>(I).blocking, sizeof(T), threads);
  // The driver's choice: the forward planar kernel on the flipped problem, else this plan's tiles.
  ConvFwdPlan fplan{};
  if (conv2d_bwd_data_planar_plan(p, plan, conv_tier_kernels<T>(I).blocking, sizeof(T), threads, fplan))
    return conv_fwd_thread_split(fplan, with_work);
  return conv_bwd_data_thread_split(plan, with_work);
}

template <Isa I, Threading Th, class T>
void conv2d_bwd_data_blocked(const Conv2dProblem& p, const T* dy, const T* w, T* dx, const core::Exec& exec) {
  const ConvBwdDataTierKernels<T>& k = conv_bwd_data_tier_kernels<T>(I);
  const int threads = core::resolve_num_threads(Th, exec);
  const ConvBwdDataPlan plan =
      make_conv_bwd_data_plan(p, conv_bwd_data_tier_kernels<T>(I).blocking, sizeof(T), threads);
  if (conv2d_bwd_data_planar<I, Th, T>(p, plan, dy, w, dx, exec)) return;  // few dx channels: w is HWIO here too
  const T* packed = nullptr;
  bool w_nonfinite = false;  // w holds an infinity or a NaN: noted when prepacked, or while packing
  if (p.packed_bwd_data && p.packed_bwd_data->serves(plan, I)) {
    packed = static_cast<const T*>(p.packed_bwd_data->data);  // packed ahead of the call
    w_nonfinite = p.packed_bwd_data->weights_nonfinite;
  } else {
    T* scratch =
        core::thread_scratch<T>(core::ScratchSlot::packed_weights, static_cast<std::size_t>(plan.packed_count()));
    w_nonfinite = pack_conv_bwd_data_weights_threaded(plan, w, scratch, Th, threads);
    packed = scratch;
  }
  // Serial variants run the whole range inline (parallel_for does that for Threading::serial).
  const core::ThreadSplit split = conv_bwd_data_thread_split(plan, false);
  core::parallel_for(
      Th, threads, split.items,
      [&](std::int64_t begin, std::int64_t end) { k.blocked_tiles(plan, dy, packed, dx, begin, end); }, split.grain);
  conv2d_bwd_data_fix_padding_nans(p, dy, w, dx, w_nonfinite);  // zeros outside dy times non-finite weights
}

#define CNNKIT_INSTANTIATE(ISA, T)                                                                               \
  template core::ThreadSplit conv2d_bwd_data_blocked_split<ISA, Threading::openmp, T>(const Conv2dProblem&,      \
                                                                                      const core::Exec&, bool);  \
  template core::ThreadSplit conv2d_bwd_data_blocked_split<ISA, Threading::tbb, T>(const Conv2dProblem&,         \
                                                                                   const core::Exec&, bool);     \
  template void conv2d_bwd_data_simd<ISA, T>(const Conv2dProblem&, const T*, const T*, T*, const core::Exec&);   \
  template void conv2d_bwd_data_blocked<ISA, Threading::serial, T>(const Conv2dProblem&, const T*, const T*, T*, \
                                                                   const core::Exec&);                           \
  template void conv2d_bwd_data_blocked<ISA, Threading::openmp, T>(const Conv2dProblem&, const T*, const T*, T*, \
                                                                   const core::Exec&);                           \
  template void conv2d_bwd_data_blocked<ISA, Threading::tbb, T>(const Conv2dProblem&, const T*, const T*, T*,    \
                                                                const core::Exec&);
#define CNNKIT_INSTANTIATE_TIER(ISA) CNNKIT_INSTANTIATE(ISA, float) CNNKIT_INSTANTIATE(ISA, double)
CNNKIT_INSTANTIATE_TIER(Isa::sse4_2)
CNNKIT_INSTANTIATE_TIER(Isa::avx2_fma)
CNNKIT_INSTANTIATE_TIER(Isa::avx512)

}  // namespace cnnkit::ops

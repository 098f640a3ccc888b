#include "ops/conv2d/conv2d_bwd_data_planar.hpp"

#include "core/threading.hpp"
#include "core/workspace.hpp"
#include "ops/conv2d/conv2d_blocked_geometry.hpp"
#include "ops/conv2d/conv2d_fwd_plan.hpp"
#include "ops/conv2d/conv2d_nonfinite_fixup.hpp"
#include "ops/conv2d/conv2d_thread_splits.hpp"
#include "ops/conv2d/conv2d_tiers.hpp"
#include "ops/nhwc_index.hpp"

namespace cnnkit::ops {
namespace {

// The forward problem whose output is p's dx (see the header); false when p is not stride 1 with
// one group and padding within the kernel's extent.
bool flipped_forward(const Conv2dProblem& problem, Conv2dProblem& f) {
  const Conv2dProblem p = normalised_geometry(problem);
  const Conv2dParams& q = p.params;
  if (q.stride_h != 1 || q.stride_w != 1 || p.groups() != 1) return false;
  const std::int64_t ext_h = q.dilation_h * (p.w.kh - 1), ext_w = q.dilation_w * (p.w.kw - 1);
  const Padding& pad = q.pad;
  if (pad.top > ext_h || pad.bottom > ext_h || pad.left > ext_w || pad.right > ext_w) return false;
  f = Conv2dProblem{};
  f.x = p.y;
  f.y = p.x;
  f.w = HwioShape{p.w.kh, p.w.kw, p.w.c_out, p.w.c_in_per_group};
  f.params = q;
  f.params.pad = Padding{ext_h - pad.top, ext_h - pad.bottom, ext_w - pad.left, ext_w - pad.right};
  return true;
}

}  // namespace

bool conv2d_bwd_data_planar_plan(const Conv2dProblem& p, const ConvBwdDataPlan& plan,
                                 const ConvRegisterBlocking& blocking, std::int64_t element_size, int threads,
                                 ConvFwdPlan& fplan) {
  if (plan.gemm) return false;
  Conv2dProblem f;
  if (!flipped_forward(p, f)) return false;
  fplan = make_conv_fwd_plan(f, blocking, element_size, threads);
  return fplan.planar;
}

template <Isa I, Threading Th, class T>
bool conv2d_bwd_data_planar(const Conv2dProblem& p, const ConvBwdDataPlan& plan, const T* dy, const T* w, T* dx,
                            const core::Exec& exec) {
  const ConvTierKernels<T>& k = conv_tier_kernels<T>(I);
  const int threads = core::resolve_num_threads(Th, exec);
  ConvFwdPlan fplan{};
  if (!conv2d_bwd_data_planar_plan(p, plan, k.blocking, sizeof(T), threads, fplan)) return false;
  // w'(i, j, o, c) = w(kh-1-i, kw-1-j, c, o): few c, so a small copy.
  const std::int64_t kh = p.w.kh, kw = p.w.kw, ci = p.w.c_in_per_group, co = p.w.c_out;
  const HwioShape fw{kh, kw, co, ci};  // the flipped problem's weights (flipped_forward's f.w)
  T* wf = core::thread_scratch<T>(core::ScratchSlot::packed_weights, static_cast<std::size_t>(kh * kw * ci * co));
  for (std::int64_t i = 0; i < kh; ++i)
    for (std::int64_t j = 0; j < kw; ++j)
      for (std::int64_t c = 0; c < ci; ++c) {
        const T* in = w + offset(p.w, i, j, c, 0);
        for (std::int64_t o = 0; o < co; ++o) wf[offset(fw, kh - 1 - i, kw - 1 - j, o, c)] = in[o];
      }
  const core::ThreadSplit split = conv_fwd_thread_split(fplan, false);
  core::parallel_for(
      Th, threads, split.items,
      [&](std::int64_t begin, std::int64_t end) { k.fwd_blocked_tiles(fplan, dy, wf, nullptr, dx, begin, end); },
      split.grain);
  // The forward kernel's zero padding is where backward data has no tap (README, "Non-finite values").
  conv2d_bwd_data_fix_padding_nans(p, dy, w, dx, any_nonfinite(w, kh * kw * ci * co));
  return true;
}

#define CNNKIT_INSTANTIATE(ISA, T)                                                                              \
  template bool conv2d_bwd_data_planar<ISA, Threading::serial, T>(const Conv2dProblem&, const ConvBwdDataPlan&, \
                                                                  const T*, const T*, T*, const core::Exec&);  \
  template bool conv2d_bwd_data_planar<ISA, Threading::openmp, T>(const Conv2dProblem&, const ConvBwdDataPlan&, \
                                                                  const T*, const T*, T*, const core::Exec&);  \
  template bool conv2d_bwd_data_planar<ISA, Threading::tbb, T>(const Conv2dProblem&, const ConvBwdDataPlan&,    \
                                                               const T*, const T*, T*, const core::Exec&);
#define CNNKIT_INSTANTIATE_TIER(ISA) CNNKIT_INSTANTIATE(ISA, float) CNNKIT_INSTANTIATE(ISA, double)
CNNKIT_INSTANTIATE_TIER(Isa::sse4_2)
CNNKIT_INSTANTIATE_TIER(Isa::avx2_fma)
CNNKIT_INSTANTIATE_TIER(Isa::avx512)

}  // namespace cnnkit::ops

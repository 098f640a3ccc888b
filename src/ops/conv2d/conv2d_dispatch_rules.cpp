#include "ops/conv2d/conv2d_dispatch_rules.hpp"

#include "core/thread_gate.hpp"
#include "ops/conv2d/conv2d_blocked_geometry.hpp"
#include "simd/tier_lanes.hpp"

namespace cnnkit::ops {
namespace {

// Below this many flops a thread team's start-up and the split cost more than they save.
constexpr double kThreadedMinWork = 4e6;

// The tier rule (see the header): nullptr, or why tier I passes on this problem for direction D.
template <ConvDirection D, Isa I, class T>
const char* tier_rule(const Conv2dProblem& p) {
  if constexpr (I == Isa::avx512) {
    constexpr std::int64_t lanes = simd::tier_lanes<I, T>();  // avx512's; avx2_fma has half
    if (D == ConvDirection::bwd_weights && p.c_out_per_group() < lanes && p.c_out_per_group() % (lanes / 2) == 0)
      return "backward weights, output channels fill avx2_fma vectors but half an avx512 one: avx2_fma measured faster";
  }
  return nullptr;
}

// Few output pixels (forward and backward data: each weight meets n*ho*wo of them): packing the
// weights is most of a blocked call, and simd is faster (see the header).
constexpr std::int64_t kBlockedMinPixels = 9;

const char* few_pixels_rule(ConvDirection d, const Conv2dProblem& p) {
  if (d != ConvDirection::bwd_weights && !p.prepacked() && p.y.n * p.y.h * p.y.w < kBlockedMinPixels)
    return "at most 8 output pixels: packing the weights is most of a blocked call, simd measured 2-10x faster";
  return nullptr;
}

}  // namespace

template <ConvDirection D, Isa I, class T>
const char* conv2d_blocked_rule(const Conv2dProblem& p, const core::Exec& exec) {
  if (const char* why = blocked_geometry_decline(p)) return why;
  if (exec.forced) return nullptr;
  if (const char* why = few_pixels_rule(D, p)) return why;
  return tier_rule<D, I, T>(p);
}

template <ConvDirection D, Isa I, Threading Th, class T>
const char* conv2d_threads_rule(const Conv2dProblem& p, const core::Exec& exec) {
  if (const char* why = blocked_geometry_decline(p)) return why;
  if (!exec.forced) {
    if (const char* why = few_pixels_rule(D, p)) return why;
    if (const char* why = tier_rule<D, I, T>(p)) return why;
  }
  return core::decline_threads(Th, exec, p.flops(), kThreadedMinWork, "problem too small for threads (< 4 MFLOP)");
}

template <ConvDirection D, Isa I, class T>
const char* conv2d_simd_rule(const Conv2dProblem& p, const core::Exec& exec) {
  return exec.forced ? nullptr : tier_rule<D, I, T>(p);
}

#define CNNKIT_INSTANTIATE(D, I, T)                                                                             \
  template const char* conv2d_blocked_rule<D, I, T>(const Conv2dProblem&, const core::Exec&);                   \
  template const char* conv2d_threads_rule<D, I, Threading::openmp, T>(const Conv2dProblem&, const core::Exec&); \
  template const char* conv2d_threads_rule<D, I, Threading::tbb, T>(const Conv2dProblem&, const core::Exec&);    \
  template const char* conv2d_simd_rule<D, I, T>(const Conv2dProblem&, const core::Exec&);
#define CNNKIT_INSTANTIATE_TIER(D, I) CNNKIT_INSTANTIATE(D, I, float) CNNKIT_INSTANTIATE(D, I, double)
#define CNNKIT_INSTANTIATE_DIRECTION(D) \
  CNNKIT_INSTANTIATE_TIER(D, Isa::sse4_2) CNNKIT_INSTANTIATE_TIER(D, Isa::avx2_fma) CNNKIT_INSTANTIATE_TIER(D, Isa::avx512)
CNNKIT_INSTANTIATE_DIRECTION(ConvDirection::fwd)
CNNKIT_INSTANTIATE_DIRECTION(ConvDirection::bwd_data)
CNNKIT_INSTANTIATE_DIRECTION(ConvDirection::bwd_weights)

}  // namespace cnnkit::ops

#include "ops/conv2d/conv2d_bwd_bias_drivers.hpp"

#include <algorithm>

#include "core/thread_gate.hpp"
#include "core/threading.hpp"
#include "core/workspace.hpp"
#include "ops/conv2d/conv2d_bwd_bias_plan.hpp"
#include "ops/conv2d/conv2d_thread_splits.hpp"
#include "ops/conv2d/conv2d_tiers_bwd_weights.hpp"
#include "simd/tier_lanes.hpp"

namespace cnnkit::ops {

// Below this many dy elements a thread team's start-up costs more than the sums.
constexpr std::int64_t kBiasThreadedMinElements = std::int64_t{1} << 18;
// Below this many, the chunked sums' set-up is most of the call (a squeeze-excite layer's 256
// elements: simd 2x faster), whatever the channels.
constexpr std::int64_t kBiasTinyElements = 4096;

ConvBwdBiasPlan make_conv_bwd_bias_plan(const Conv2dBiasProblem& p, std::int64_t element_size) {
  ConvBwdBiasPlan plan{};
  plan.channels = p.dy.c;
  plan.pixels = p.dy.n * p.dy.h * p.dy.w;
  const std::int64_t row_bytes = std::max<std::int64_t>(1, plan.channels * element_size);
  // A multiple of 64 pixels: whole groups of four (one per accumulator), and chunks of the flat
  // few-channel kernel start on a period boundary (the period, lcm(channels, lanes), divides 64 * channels).
  plan.chunk_pixels = std::max<std::int64_t>(64, kBwdBiasChunkBytes / row_bytes / 64 * 64);
  plan.chunks = core::fixed_chunks(plan.pixels, plan.chunk_pixels);
  const std::int64_t per_line = 64 / element_size;
  plan.row_stride = (plan.channels + per_line - 1) / per_line * per_line;
  return plan;
}

template <Threading Th>
const char* conv2d_bias_threads_decline(const Conv2dBiasProblem& p, const core::Exec& exec) {
  return core::decline_threads(Th, exec, static_cast<double>(p.dy.n * p.dy.h * p.dy.w * p.dy.c),
                               static_cast<double>(kBiasThreadedMinElements),
                               "problem too small for threads (< 256K dy elements)");
}

template <Isa I, class T>
const char* conv2d_bias_blocked_decline(const Conv2dBiasProblem& p, const core::Exec& exec) {
  constexpr std::int64_t lanes = simd::tier_lanes<I, T>();
  const std::int64_t elements = p.dy.n * p.dy.h * p.dy.w * p.dy.c;
  // Measured (corpus_sample, every conv layer's dy): on avx512, where the channels fill whole
  // vectors, the one plain pass is 15-30% faster than the chunked sums (on avx2_fma it is 2x
  // slower: there only tiny problems take it) on problems too small for threads (which
  // decline these at any thread count, so this choice does not depend on the thread count, and
  // neither do the bits). Few channels keep the chunked kernel (5x faster there: its flat layout).
  if (!exec.forced && elements < kBiasThreadedMinElements &&
      ((I == Isa::avx512 && p.dy.c % lanes == 0) || elements < kBiasTinyElements))
    return "too small for threads, and whole vectors of channels or tiny: simd (one plain pass) measured faster";
  return nullptr;
}

template <Isa I, class T>
void conv2d_bwd_bias_simd(const Conv2dBiasProblem& p, const T* dy, T* db, const core::Exec&) {
  conv_bwd_weights_tier_kernels<T>(I).bias_simd(p, dy, db, false);
}

template <Isa I, Threading Th, class T>
core::ThreadSplit conv2d_bwd_bias_blocked_split(const Conv2dBiasProblem& p, const core::Exec&, bool with_work) {
  return conv_bwd_bias_thread_split(make_conv_bwd_bias_plan(p, sizeof(T)), with_work);
}

template <Isa I, Threading Th, class T>
void conv2d_bwd_bias_blocked(const Conv2dBiasProblem& p, const T* dy, T* db, const core::Exec& exec) {
  const ConvBwdBiasPlan plan = make_conv_bwd_bias_plan(p, sizeof(T));
  if (plan.chunks == 0) {
    std::fill(db, db + p.dy.c, T(0));
    return;
  }
  const ConvBwdWeightsTierKernels<T>& k = conv_bwd_weights_tier_kernels<T>(I);
  // Written by the workers, read back here: the calling thread's buffer.
  T* partials = core::thread_scratch<T>(core::ScratchSlot::partials, static_cast<std::size_t>(plan.partials_count()));
  // Serial variants run the whole range inline (parallel_for does that for Threading::serial).
  const core::ThreadSplit split = conv_bwd_bias_thread_split(plan, false);
  core::parallel_for(
      Th, core::resolve_num_threads(Th, exec), split.items,
      [&](std::int64_t begin, std::int64_t end) { k.bias_chunks(plan, dy, partials, begin, end); }, split.grain);
  k.bias_combine(plan, partials, db);
}

template const char* conv2d_bias_threads_decline<Threading::openmp>(const Conv2dBiasProblem&, const core::Exec&);
template const char* conv2d_bias_threads_decline<Threading::tbb>(const Conv2dBiasProblem&, const core::Exec&);

#define CNNKIT_INSTANTIATE(ISA, T)                                                                                \
  template core::ThreadSplit conv2d_bwd_bias_blocked_split<ISA, Threading::openmp, T>(const Conv2dBiasProblem&,  \
                                                                                     const core::Exec&, bool);  \
  template core::ThreadSplit conv2d_bwd_bias_blocked_split<ISA, Threading::tbb, T>(const Conv2dBiasProblem&,     \
                                                                                  const core::Exec&, bool);     \
  template const char* conv2d_bias_blocked_decline<ISA, T>(const Conv2dBiasProblem&, const core::Exec&);        \
  template void conv2d_bwd_bias_simd<ISA, T>(const Conv2dBiasProblem&, const T*, T*, const core::Exec&);        \
  template void conv2d_bwd_bias_blocked<ISA, Threading::serial, T>(const Conv2dBiasProblem&, const T*, T*,       \
                                                                   const core::Exec&);                          \
  template void conv2d_bwd_bias_blocked<ISA, Threading::openmp, T>(const Conv2dBiasProblem&, const T*, T*,       \
                                                                   const core::Exec&);                          \
  template void conv2d_bwd_bias_blocked<ISA, Threading::tbb, T>(const Conv2dBiasProblem&, const T*, T*,          \
                                                                const core::Exec&);
#define CNNKIT_INSTANTIATE_TIER(ISA) CNNKIT_INSTANTIATE(ISA, float) CNNKIT_INSTANTIATE(ISA, double)
CNNKIT_INSTANTIATE_TIER(Isa::sse4_2)
CNNKIT_INSTANTIATE_TIER(Isa::avx2_fma)
CNNKIT_INSTANTIATE_TIER(Isa::avx512)

}  // namespace cnnkit::ops

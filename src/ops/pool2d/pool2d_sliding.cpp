#include "ops/pool2d/pool2d_sliding.hpp"

#include "core/thread_gate.hpp"
#include "core/threading.hpp"
#include "ops/pool2d/pool2d_split.hpp"
#include "ops/pool2d/pool2d_threading.hpp"
#include "simd/tier_lanes.hpp"
#include "simd/tier_table.hpp"

namespace cnnkit::ops {
namespace {

constexpr std::int64_t kSlidingMaxWholeVectorBytes = std::int64_t{3} << 19;  // 1.5 MiB, as simd's prefetch threshold

template <class T>
const PoolSlidingKernels<T>& sliding_kernels(Isa isa) {
  return simd::pick_tier_kernels<PoolSlidingKernels<T>>(isa, &tier_sse4_2::pool_sliding_kernels<T>,
                                                        &tier_avx2_fma::pool_sliding_kernels<T>,
                                                        &tier_avx512::pool_sliding_kernels<T>);
}

// A whole number of the next narrower tier's vectors (C = 8 on avx512, 4 on avx2_fma) where the
// kernel takes one vector per output pixel (stride * C >= kSlidingDenseVectors lanes), half
// of it wasted: that tier's sliding kernel fills whole vectors (few_c8_4x4s4_same, 1 thread,
// avx512 machine: sliding.avx2_fma 54 GB/s, sliding.avx512 39, simd.avx2_fma 40). simd of this
// tier declines those channels too, so the narrower tier runs. With a smaller stride (the dense
// path) this tier is faster: C = 8, 2x2/2 and 3x3/2, 34 and 22-25 GB/s against 25 and 18.
// (Rows shorter than one vector: see kernel_tier below.)
template <Isa I, class T>
const char* sliding_narrower_tier(const Pool2dProblem& p) {
  if (I == Isa::sse4_2) return nullptr;
  const std::int64_t lanes = simd::tier_lanes<I, T>(), c = p.x.c;
  if (c == lanes / 2 && p.params.stride_w * c >= kSlidingDenseVectors * lanes)
    return "whole vectors of the next narrower tier, one vector per pixel here: its simd kernel is faster";
  return nullptr;
}

}  // namespace

template <Isa I, Threading Th, class T>
const char* pool2d_fwd_sliding_declines(const Pool2dProblem& p, const core::Exec& exec) {
  // More channels than one vector: the per-pixel path holds one vector per pixel. One vector of
  // channels runs faster here than on simd (1 thread, avx512 machine, floats): C = 8 on avx2_fma
  // 1.3-1.8x (2x2/2, 3x3/2, 4x4/4 SAME, 3x3/1), C = 16 on avx512 1.03-1.2x (2x2/2, 3x3/2) and 2x
  // at stride 1 (the dense path).
  // Stride 1 along w takes any channel count: positions are the output row (no per-pixel path).
  // Average only there: max with stride 1 and more channels goes to separable (its row maxes are
  // reused across output rows).
  if (p.x.c > simd::tier_lanes<I, T>() && p.params.stride_w != 1)
    return "more channels than one vector at stride > 1: the kernel's per-pixel path holds one";
  if (p.x.c > simd::tier_lanes<I, T>() && !exec.forced && p.params.mode == PoolMode::max)
    return "max with more channels than one vector: separable reuses row maxes";
  if (!exec.forced)
    if (const char* why = sliding_narrower_tier<I, T>(p)) return why;
  // Exactly one vector of channels, small windows, over an input beyond the L2 cache: simd's
  // prefetch along the rows wins (YOLO-tiny's first max pool, 2x2/2 over 8x416x416x16, 85 MB:
  // simd 1.35x faster; below 1.5 MiB sliding is 1.03-1.2x faster, and with the SIGNS ConvNet's
  // 8x8 windows over 8 MB, 1.05x).
  if (!exec.forced && p.x.c == simd::tier_lanes<I, T>() && p.params.kernel_h * p.params.kernel_w <= 9 &&
      pool_elements(p.x) * static_cast<std::int64_t>(sizeof(T)) >= kSlidingMaxWholeVectorBytes)
    return "one vector of channels over an input beyond the L2 cache: simd's prefetch wins";
  return pool_threads_decline<Th>(p, exec);
}

// The tier whose kernel runs: I, or a narrower one while an input row (W * C elements) is shorter
// than I's vectors. Such rows leave every pixel alone in a vector (the dense path needs a row of
// at least one vector), where a narrower vector covers several: seed_pool_bwd (5x3 images, two
// channels) measured 320 ns on sse4_2's kernel, 490 on avx2_fma's, 550 on avx512's (floats).
// Declining instead would hand the problem to simd of tier I, slower still (935 ns).
template <Isa I, class T>
Isa kernel_tier(const Pool2dProblem& p) {
  const std::int64_t row = p.x.w * p.x.c;
  if (I == Isa::avx512 && row >= simd::tier_lanes<Isa::avx512, T>()) return Isa::avx512;
  if (I != Isa::sse4_2 && row >= simd::tier_lanes<Isa::avx2_fma, T>()) return Isa::avx2_fma;
  return Isa::sse4_2;
}

template <Isa I, Threading Th, class T>
void pool2d_fwd_sliding(const Pool2dProblem& p, const T* x, T* y, const core::Exec& exec) {
  const PoolSlidingKernels<T>& k = sliding_kernels<T>(kernel_tier<I, T>(p));
  const core::ThreadSplit split = pool_output_row_split(p, exec, false);
  core::parallel_for(
      Th, core::resolve_num_threads(Th, exec), split.items,
      [&](std::int64_t begin, std::int64_t end) { k.fwd_rows(p, x, y, begin, end); }, split.grain);
}

#define CNNKIT_SLIDING_INSTANTIATE(ISA, TH, T)                                                         \
  template void pool2d_fwd_sliding<ISA, TH, T>(const Pool2dProblem&, const T*, T*, const core::Exec&); \
  template const char* pool2d_fwd_sliding_declines<ISA, TH, T>(const Pool2dProblem&, const core::Exec&);
#define CNNKIT_SLIDING_INSTANTIATE_TYPE(ISA, T)         \
  CNNKIT_SLIDING_INSTANTIATE(ISA, Threading::serial, T) \
  CNNKIT_SLIDING_INSTANTIATE(ISA, Threading::openmp, T) \
  CNNKIT_SLIDING_INSTANTIATE(ISA, Threading::tbb, T)
#define CNNKIT_SLIDING_INSTANTIATE_TIER(ISA) \
  CNNKIT_SLIDING_INSTANTIATE_TYPE(ISA, float) CNNKIT_SLIDING_INSTANTIATE_TYPE(ISA, double)
CNNKIT_SLIDING_INSTANTIATE_TIER(Isa::sse4_2)
CNNKIT_SLIDING_INSTANTIATE_TIER(Isa::avx2_fma)
CNNKIT_SLIDING_INSTANTIATE_TIER(Isa::avx512)

}  // namespace cnnkit::ops

#include "ops/pool2d/pool2d_indices_drivers.hpp"

#include <atomic>
#include <limits>

#include "core/threading.hpp"
#include "ops/pool2d/pool2d_channel_rules.hpp"
#include "ops/pool2d/pool2d_indices_tiers.hpp"
#include "ops/pool2d/pool2d_split.hpp"
#include "ops/pool2d/pool2d_threading.hpp"
#include "simd/tier_lanes.hpp"

namespace cnnkit::ops {

template <Isa I, Threading Th, class T>
const char* pool2d_fwd_indices_declines(const Pool2dProblem& p, const core::Exec& exec) {
  constexpr std::int64_t exact = std::int64_t{1} << std::numeric_limits<T>::digits;
  if (p.params.kernel_h * p.params.kernel_w > exact)
    return "window larger than the integers the element type holds exactly (its tap number)";
  if (exec.forced) return pool_threads_decline<Th>(p, exec);
  if (const char* why = pool_narrow_channels<I, T>(p)) return why;
  if (const char* why = pool_few_channels<I, T>(p)) return why;
  return pool_threads_decline<Th>(p, exec);
}

template <Isa I, Threading Th, class T>
const char* pool2d_bwd_indices_declines(const Pool2dProblem& p, const core::Exec& exec) {
  if (exec.forced) return pool_threads_decline<Th>(p, exec);
  // A channel tail on avx512 (its lanes are stored one by one) among fewer than eight vectors:
  // avx2_fma measured 1.4-8x faster (C = 8, 24, 100 floats on pool_classes); with more channels
  // the tail matters less and avx512 is 1.4x faster (C = 200, 1000).
  const std::int64_t lanes = simd::tier_lanes<I, T>();
  if (I == Isa::avx512 && p.x.c % lanes != 0 && p.x.c < 8 * lanes)
    return "a channel tail among fewer than eight avx512 vectors: avx2_fma measured faster";
  if (const char* why = pool_few_channels<I, T>(p)) return why;
  return pool_threads_decline<Th>(p, exec);
}

template <Isa I, class T>
const char* pool2d_bwd_indices_blocked_declines(const Pool2dProblem& p, const core::Exec& exec) {
  if (const char* why = pool2d_bwd_indices_declines<I, Threading::serial, T>(p, exec)) return why;
  // Channels all in one tail vector: the dense writes' per-lane stores lose to simd's
  // read-modify-write (C = 1, 3 on sse4_2: 1.3-1.8x).
  if (!exec.forced && p.x.c < simd::tier_lanes<I, T>()) return "all channels in one vector tail: simd measured faster";
  return nullptr;
}

template <Isa I, Threading Th, class T>
void pool2d_fwd_indices_simd(const Pool2dProblem& p, const T* x, T* y, std::int32_t* indices, const core::Exec& exec) {
  const PoolIndicesTierKernels<T>& k = pool_indices_tier_kernels<T>(I);
  const int threads = core::resolve_num_threads(Th, exec);
  const std::int64_t parts = pool_row_parts(p, threads);
  const core::ThreadSplit split = pool_output_part_split<Th>(p, exec, false);
  core::parallel_for(
      Th, threads, split.items,
      [&](std::int64_t begin, std::int64_t end) { k.fwd_rows(p, x, y, indices, begin, end, parts); }, split.grain);
}

template <Isa I, Threading Th, class T>
void pool2d_bwd_indices_blocked(const Pool2dProblem& p, const std::int32_t* indices, const T* dy, T* dx,
                                std::int64_t* bad, const core::Exec& exec) {
  const PoolIndicesTierKernels<T>& k = pool_indices_tier_kernels<T>(I);
  std::atomic<std::int64_t> found{-1};
  const core::ThreadSplit split = pool_input_row_split(p, exec, false);
  core::parallel_for(
      Th, core::resolve_num_threads(Th, exec), split.items,
      [&](std::int64_t begin, std::int64_t end) { note_first_bad(found, k.bwd_band(p, indices, dy, dx, begin, end)); },
      split.grain);
  *bad = found.load();
}

template <Isa I, class T>
void pool2d_bwd_indices_simd(const Pool2dProblem& p, const std::int32_t* indices, const T* dy, T* dx,
                             std::int64_t* bad, const core::Exec&) {
  *bad = pool_indices_tier_kernels<T>(I).bwd_plain(p, indices, dy, dx);
}

#define CNNKIT_INSTANTIATE_TH(ISA, TH, T)                                                                        \
  template void pool2d_fwd_indices_simd<ISA, TH, T>(const Pool2dProblem&, const T*, T*, std::int32_t*,           \
                                                    const core::Exec&);                                          \
  template void pool2d_bwd_indices_blocked<ISA, TH, T>(const Pool2dProblem&, const std::int32_t*, const T*, T*,  \
                                                       std::int64_t*, const core::Exec&);                        \
  template const char* pool2d_fwd_indices_declines<ISA, TH, T>(const Pool2dProblem&, const core::Exec&);         \
  template const char* pool2d_bwd_indices_declines<ISA, TH, T>(const Pool2dProblem&, const core::Exec&);
#define CNNKIT_INSTANTIATE(ISA, T)                                                                               \
  CNNKIT_INSTANTIATE_TH(ISA, Threading::serial, T)                                                               \
  CNNKIT_INSTANTIATE_TH(ISA, Threading::openmp, T)                                                               \
  CNNKIT_INSTANTIATE_TH(ISA, Threading::tbb, T)                                                                  \
  template void pool2d_bwd_indices_simd<ISA, T>(const Pool2dProblem&, const std::int32_t*, const T*, T*,         \
                                                std::int64_t*, const core::Exec&);                               \
  template const char* pool2d_bwd_indices_blocked_declines<ISA, T>(const Pool2dProblem&, const core::Exec&);
#define CNNKIT_INSTANTIATE_TIER(ISA) CNNKIT_INSTANTIATE(ISA, float) CNNKIT_INSTANTIATE(ISA, double)
CNNKIT_INSTANTIATE_TIER(Isa::sse4_2)
CNNKIT_INSTANTIATE_TIER(Isa::avx2_fma)
CNNKIT_INSTANTIATE_TIER(Isa::avx512)

}  // namespace cnnkit::ops

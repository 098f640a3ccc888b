#include "ops/pool2d/pool2d_indices_drivers.hpp"

#include <atomic>
#include <limits>

#include "core/thread_gate.hpp"
#include "core/threading.hpp"
#include "ops/pool2d/pool2d_indices_tiers.hpp"
#include "simd/tier_lanes.hpp"

namespace cnnkit::ops {
namespace {

// Below this many elements (x plus y) a thread team's start-up costs more than it saves (as the
// other pool2d variants).
constexpr double kThreadedMinElements = 1 << 16;

std::int64_t elements(const NhwcShape& s) { return s.n * s.h * s.w * s.c; }

template <Threading Th>
const char* threads_decline(const Pool2dProblem& p, const core::Exec& exec) {
  if (Th == Threading::serial) return nullptr;
  return core::decline_threads(Th, exec, static_cast<double>(elements(p.x) + elements(p.y)), kThreadedMinElements,
                               "problem too small for threads (< 64K elements)");
}

// Keeps the smallest reported position (-1: none) across workers.
void note_bad(std::atomic<std::int64_t>& bad, std::int64_t found) {
  if (found < 0) return;
  std::int64_t seen = bad.load(std::memory_order_relaxed);
  while ((seen < 0 || found < seen) && !bad.compare_exchange_weak(seen, found, std::memory_order_relaxed)) {
  }
}

// Fewer channels than half a vector: most lanes idle, and a narrower tier wastes fewer (measured
// on pool_classes, 1 thread: C = 1 and 3 run 1.2-1.5x faster forward and 1.5-7x backward on sse4_2
// than on avx512).
template <Isa I, class T>
const char* few_channels(const Pool2dProblem& p) {
  if (I != Isa::sse4_2 && 2 * p.x.c < simd::tier_lanes<I, T>()) return "fewer channels than half a vector: a narrower tier is faster";
  return nullptr;
}

}  // namespace

template <Isa I, Threading Th, class T>
const char* pool2d_fwd_indices_declines(const Pool2dProblem& p, const core::Exec& exec) {
  constexpr std::int64_t exact = std::int64_t{1} << std::numeric_limits<T>::digits;
  if (p.params.kernel_h * p.params.kernel_w > exact)
    return "window larger than the integers the element type holds exactly (its tap number)";
  if (exec.forced) return threads_decline<Th>(p, exec);
  // Channels that are a tail here but whole vectors on the next narrower tier (C = 8 floats on
  // avx512: 1.9x faster on avx2_fma), as pool2d_fwd.
  const std::int64_t c = p.x.c, lanes = simd::tier_lanes<I, T>();
  if (I != Isa::sse4_2 && c < lanes && c % (lanes / 2) == 0) return "a channel tail here, whole vectors on the next narrower tier";
  if (const char* why = few_channels<I, T>(p)) return why;
  return threads_decline<Th>(p, exec);
}

template <Isa I, Threading Th, class T>
const char* pool2d_bwd_indices_declines(const Pool2dProblem& p, const core::Exec& exec) {
  if (exec.forced) return threads_decline<Th>(p, exec);
  // A channel tail on avx512 (its lanes are stored one by one) among fewer than eight vectors:
  // avx2_fma measured 1.4-8x faster (C = 8, 24, 100 floats on pool_classes); with more channels
  // the tail matters less and avx512 is 1.4x faster (C = 200, 1000).
  const std::int64_t lanes = simd::tier_lanes<I, T>();
  if (I == Isa::avx512 && p.x.c % lanes != 0 && p.x.c < 8 * lanes)
    return "a channel tail among fewer than eight avx512 vectors: avx2_fma measured faster";
  if (const char* why = few_channels<I, T>(p)) return why;
  return threads_decline<Th>(p, exec);
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
  core::parallel_for(Th, core::resolve_num_threads(Th, exec), p.y.n * p.y.h,
                     [&](std::int64_t begin, std::int64_t end) { k.fwd_rows(p, x, y, indices, begin, end); });
}

template <Isa I, Threading Th, class T>
void pool2d_bwd_indices_blocked(const Pool2dProblem& p, const std::int32_t* indices, const T* dy, T* dx,
                                std::int64_t* bad, const core::Exec& exec) {
  const PoolIndicesTierKernels<T>& k = pool_indices_tier_kernels<T>(I);
  std::atomic<std::int64_t> found{-1};
  core::parallel_for(Th, core::resolve_num_threads(Th, exec), p.x.n * p.x.h, [&](std::int64_t begin, std::int64_t end) {
    note_bad(found, k.bwd_band(p, indices, dy, dx, begin, end));
  });
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

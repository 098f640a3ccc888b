#include "ops/pool2d/pool2d_fwd_separable.hpp"

#include "core/thread_gate.hpp"
#include "core/threading.hpp"
#include "ops/pool2d/pool2d_split.hpp"
#include "ops/pool2d/pool2d_threading.hpp"
#include "ops/pool2d/pool2d_tiers.hpp"
#include "ops/pool2d/pool2d_window.hpp"
#include "simd/tier_lanes.hpp"

namespace cnnkit::ops {
namespace {

// The ring keeps kernel_h rows of row maxes per thread: bounded so no shape makes a thread keep
// a huge buffer (a 3x3 window over a 1000x1000x256 map needs 3 MB).
constexpr std::int64_t kMaxRingBytes = std::int64_t{16} << 20;

}  // namespace

template <Isa I, Threading Th, class T>
const char* pool2d_fwd_separable_declines(const Pool2dProblem& p, const core::Exec& exec) {
  const Pool2dParams& q = p.params;
  if (q.mode != PoolMode::max) return "average pooling: its sums are not separable bitwise";
  if (q.stride_w != 1) return "stride along w is not 1";
  if (q.kernel_h * p.y.w * p.y.c * static_cast<std::int64_t>(sizeof(T)) > kMaxRingBytes)
    return "the ring of row maxes would exceed 16 MiB";
  // Measured on avx512: 2.2x on a 9x9 window (YOLO's SPP), 2.1x on 3x3 over 40 channels (no
  // channel tails), 1.2x on 3x3 over 192; 7% slower on YOLO's 2x2/1 over 512 channels, but 1.6x
  // faster on the seeds' 2x2/1 over 2 channels (whole vectors across pixels).
  if (!exec.forced && !windows_overlap(p)) return "disjoint windows (a global pool): no row maxes to reuse";
  if (!exec.forced && (q.kernel_h < 3 || q.kernel_w < 3) && p.x.c >= simd::tier_lanes<I, T>())
    return "a window under 3x3 over whole-vector channels: row maxes save too little";
  return pool_threads_decline<Th>(p, exec);
}

template <Isa I, Threading Th, class T>
void pool2d_fwd_separable(const Pool2dProblem& p, const T* x, T* y, const core::Exec& exec) {
  const PoolTierKernels<T>& k = pool_tier_kernels<T>(I);
  const core::ThreadSplit split = pool_separable_row_split(p, exec, false);
  core::parallel_for(
      Th, core::resolve_num_threads(Th, exec), split.items,
      [&](std::int64_t begin, std::int64_t end) { k.fwd_separable_rows(p, x, y, begin, end, false); }, split.grain);
}

#define CNNKIT_INSTANTIATE_TH(ISA, TH, T)                                                              \
  template void pool2d_fwd_separable<ISA, TH, T>(const Pool2dProblem&, const T*, T*, const core::Exec&); \
  template const char* pool2d_fwd_separable_declines<ISA, TH, T>(const Pool2dProblem&, const core::Exec&);
#define CNNKIT_INSTANTIATE(ISA, T)                 \
  CNNKIT_INSTANTIATE_TH(ISA, Threading::serial, T) \
  CNNKIT_INSTANTIATE_TH(ISA, Threading::openmp, T) \
  CNNKIT_INSTANTIATE_TH(ISA, Threading::tbb, T)
#define CNNKIT_INSTANTIATE_TIER(ISA) CNNKIT_INSTANTIATE(ISA, float) CNNKIT_INSTANTIATE(ISA, double)
CNNKIT_INSTANTIATE_TIER(Isa::sse4_2)
CNNKIT_INSTANTIATE_TIER(Isa::avx2_fma)
CNNKIT_INSTANTIATE_TIER(Isa::avx512)

}  // namespace cnnkit::ops

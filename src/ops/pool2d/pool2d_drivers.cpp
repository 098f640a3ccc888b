#include "ops/pool2d/pool2d_drivers.hpp"

#include "core/thread_gate.hpp"
#include "core/threading.hpp"
#include "ops/pool2d/pool2d_channel_rules.hpp"
#include "ops/pool2d/pool2d_split.hpp"
#include "ops/pool2d/pool2d_threading.hpp"
#include "ops/pool2d/pool2d_tiers.hpp"
#include "ops/pool2d/pool2d_window.hpp"
#include "simd/tier_lanes.hpp"

namespace cnnkit::ops {
namespace {

// Outputs at least this large are written with streaming stores: they cannot stay in the caches
// for the next layer anyway, and skipping the read for ownership saves a third of the write traffic.
constexpr std::int64_t kStreamMinBytes = std::int64_t{4} << 20;

template <class T>
bool streams(const NhwcShape& out) {
  return pool_elements(out) * static_cast<std::int64_t>(sizeof(T)) >= kStreamMinBytes;
}

}  // namespace

// Channel counts the avx512 kernels run slower than avx2_fma's (measured on the corpus, 112
// pooling layers): a tail or between one and two vectors (3, 6, 8, 32 floats; not exactly one
// vector, where avx512 is 1.3-2x faster) for average pooling, both directions (2x on
// efficientnet_b0's 32-channel squeeze-excite pools), and for max backward too (1.2x on 32
// channels); and global average backward (one output pixel per image) into a dx that fits the
// caches (1.1-1.3x, squeezenet's and efficientnet's classifier and squeeze-excite pools at batch
// 1; at batch 32-64, 6-58 MB of dx, avx512 is up to 2x faster).
constexpr std::int64_t kGlobalAvgBwdMaxBytes = std::int64_t{2} << 20;
template <Isa I, class T>
bool awkward_channels_on_avx512(const Pool2dProblem& p) {
  const std::int64_t c = p.x.c, vector = simd::tier_lanes<I, T>();
  return I == Isa::avx512 && c != vector && c <= 2 * vector;
}

template <Isa I, class T>
const char* avg_few_channels(const Pool2dProblem& p) {
  if (p.params.mode == PoolMode::avg && awkward_channels_on_avx512<I, T>(p))
    return "average pooling, a channel tail or between one and two vectors: avx2_fma measured faster";
  return nullptr;
}

template <Isa I, class T>
const char* bwd_avx512_channels(const Pool2dProblem& p) {
  if (awkward_channels_on_avx512<I, T>(p))
    return "backward, a channel tail or between one and two vectors: avx2_fma measured faster";
  if (I == Isa::avx512 && p.params.mode == PoolMode::avg && p.y.h == 1 && p.y.w == 1 &&
      pool_elements(p.x) * static_cast<std::int64_t>(sizeof(T)) < kGlobalAvgBwdMaxBytes)
    return "global average backward into a cache-sized dx: avx2_fma measured faster";
  return nullptr;
}


// Max forward over at most four vectors of channels ending in half a vector (24, 40, 56 floats on
// avx512): whole vectors on avx2_fma, measured 1.3-1.4x faster there (6x6/6 and 3x3/2 over 24
// channels, 2x2/2 over 40).
template <Isa I, class T>
const char* max_half_vector_tail(const Pool2dProblem& p) {
  const std::int64_t c = p.x.c, lanes = simd::tier_lanes<I, T>();
  if (I == Isa::avx512 && p.params.mode == PoolMode::max && c <= 4 * lanes && c % lanes == lanes / 2)
    return "max over channels ending in half a vector: whole vectors on avx2_fma, measured faster";
  return nullptr;
}

template <Isa I, Threading Th, class T>
const char* pool2d_fwd_declines(const Pool2dProblem& p, const core::Exec& exec) {
  if (exec.forced) return pool_threads_decline<Th>(p, exec);
  if (const char* why = pool_narrow_channels<I, T>(p)) return why;
  if (const char* why = avg_few_channels<I, T>(p)) return why;
  if (const char* why = max_half_vector_tail<I, T>(p)) return why;
  return pool_threads_decline<Th>(p, exec);
}

template <Isa I, Threading Th, class T>
const char* pool2d_bwd_declines(const Pool2dProblem& p, const core::Exec& exec) {
  if (exec.forced) return pool_threads_decline<Th>(p, exec);
  if (const char* why = pool_narrow_channels<I, T>(p)) return why;
  if (const char* why = bwd_avx512_channels<I, T>(p)) return why;
  if (const char* why = pool_few_channels<I, T>(p)) return why;
  const Pool2dParams& q = p.params;
  // Average backward with channels that leave a tail on every tier (under two sse4_2 vectors and
  // not a whole number of them): the reference is leaner (LeNet's 6 channels: 1.24x faster than
  // the best vector rung; the seeds' 3 with overlapping windows).
  const std::int64_t narrow = simd::tier_lanes<Isa::sse4_2, T>();
  if (Th == Threading::serial && q.mode == PoolMode::avg && p.x.c < 2 * narrow && p.x.c % narrow != 0)
    return "average backward, channels leave a vector tail on every tier: the reference is leaner";
  return pool_threads_decline<Th>(p, exec);
}

template <Isa I, class T>
const char* pool2d_bwd_blocked_declines(const Pool2dProblem& p, const core::Exec& exec) {
  if (const char* why = pool2d_bwd_declines<I, Threading::serial, T>(p, exec)) return why;
  if (!exec.forced && I != Isa::avx512 && windows_overlap(p))
    return "overlapping windows below avx512: simd measured faster";
  return nullptr;
}

template <Isa I, Threading Th, class T>
void pool2d_fwd_simd(const Pool2dProblem& p, const T* x, T* y, const core::Exec& exec) {
  const PoolTierKernels<T>& k = pool_tier_kernels<T>(I);
  const bool stream = streams<T>(p.y);
  const int threads = core::resolve_num_threads(Th, exec);
  const std::int64_t parts = pool_row_parts(p, threads);
  const core::ThreadSplit split = pool_output_part_split<Th>(p, exec, false);
  core::parallel_for(
      Th, threads, split.items, [&](std::int64_t begin, std::int64_t end) { k.fwd_rows(p, x, y, begin, end, parts, stream); },
      split.grain);
}

template <Isa I, Threading Th, class T>
void pool2d_bwd_blocked(const Pool2dProblem& p, const T* x, const T* dy, T* dx, const core::Exec& exec) {
  const PoolTierKernels<T>& k = pool_tier_kernels<T>(I);
  const bool stream = streams<T>(p.x);
  const core::ThreadSplit split = pool_input_row_split(p, exec, false);
  core::parallel_for(
      Th, core::resolve_num_threads(Th, exec), split.items,
      [&](std::int64_t begin, std::int64_t end) { k.bwd_band(p, x, dy, dx, begin, end, stream); }, split.grain);
}

template <Isa I, class T>
void pool2d_bwd_simd(const Pool2dProblem& p, const T* x, const T* dy, T* dx, const core::Exec&) {
  pool_tier_kernels<T>(I).bwd_plain(p, x, dy, dx);
}

#define CNNKIT_INSTANTIATE_TH(ISA, TH, T)                                                                  \
  template void pool2d_fwd_simd<ISA, TH, T>(const Pool2dProblem&, const T*, T*, const core::Exec&);       \
  template void pool2d_bwd_blocked<ISA, TH, T>(const Pool2dProblem&, const T*, const T*, T*, const core::Exec&); \
  template const char* pool2d_fwd_declines<ISA, TH, T>(const Pool2dProblem&, const core::Exec&);          \
  template const char* pool2d_bwd_declines<ISA, TH, T>(const Pool2dProblem&, const core::Exec&);
#define CNNKIT_INSTANTIATE(ISA, T)                                                                         \
  CNNKIT_INSTANTIATE_TH(ISA, Threading::serial, T)                                                         \
  CNNKIT_INSTANTIATE_TH(ISA, Threading::openmp, T)                                                         \
  CNNKIT_INSTANTIATE_TH(ISA, Threading::tbb, T)                                                            \
  template void pool2d_bwd_simd<ISA, T>(const Pool2dProblem&, const T*, const T*, T*, const core::Exec&);     \
  template const char* pool2d_bwd_blocked_declines<ISA, T>(const Pool2dProblem&, const core::Exec&);
#define CNNKIT_INSTANTIATE_TIER(ISA) CNNKIT_INSTANTIATE(ISA, float) CNNKIT_INSTANTIATE(ISA, double)
CNNKIT_INSTANTIATE_TIER(Isa::sse4_2)
CNNKIT_INSTANTIATE_TIER(Isa::avx2_fma)
CNNKIT_INSTANTIATE_TIER(Isa::avx512)

}  // namespace cnnkit::ops

#include "ops/softmax_xent/softmax_xent_drivers.hpp"

#include <algorithm>
#include <string>

#include "core/thread_gate.hpp"
#include "core/threading.hpp"
#include "core/workspace.hpp"
#include "ops/softmax_xent/softmax_xent_tiers.hpp"

namespace cnnkit::ops {

// Rows per loss partial: fixed (never from the thread count), small enough to balance threads.
constexpr std::int64_t kSoftmaxChunkRows = 8;
// Below this many logits a thread team's start-up costs more than the rows.
constexpr double kSoftmaxThreadedMinElements = 1 << 15;
// From this gradient size up the gradient skips the caches (non-temporal stores): a normal store
// first reads every line it writes. Measured here (1 thread, 1024 classes): 1.6x faster at 64 MiB,
// no slower from 2 MiB to 32 MiB (the row math hides the stores there); the equivalence cases
// reach it at this size.
constexpr double kSoftmaxStreamMinBytes = 2 << 20;

// The fewest logits per chunk of the dynamic schedule (a claim and a kernel call cost about as
// much as a few hundred logits' exp).
constexpr std::int64_t kSoftmaxMinChunkLogits = 4096;

core::ThreadSplit softmax_xent_split(const SoftmaxXentProblem& p, const core::Exec&, bool with_work) {
  core::ThreadSplit split;
  split.items = core::fixed_chunks(p.rows, kSoftmaxChunkRows);
  const std::int64_t chunk_logits = kSoftmaxChunkRows * std::max<std::int64_t>(1, p.classes);
  split.grain = core::fixed_chunks(kSoftmaxMinChunkLogits, chunk_logits);
  if (with_work) split.unit = "chunk of " + std::to_string(kSoftmaxChunkRows) + " rows (one loss partial)";
  if (with_work)
    for (std::int64_t c = 0; c < split.items; ++c)
      split.item_work.push_back(
          static_cast<double>(std::min(kSoftmaxChunkRows, p.rows - c * kSoftmaxChunkRows) * p.classes));
  return split;
}

template <Threading Th>
const char* softmax_xent_threads_decline(const SoftmaxXentProblem& p, const core::Exec& exec) {
  return core::decline_threads(Th, exec, static_cast<double>(p.rows) * static_cast<double>(p.classes),
                               kSoftmaxThreadedMinElements, "problem too small for threads (< 32K logits)");
}

template <Isa I, Threading Th, class T>
void softmax_xent_simd(const SoftmaxXentProblem& p, const T* logits, const T* prob_labels,
                       const std::int64_t* index_labels, T* loss, T* dlogits, const core::Exec& exec) {
  const core::ThreadSplit split = softmax_xent_split(p, exec, false);
  const std::int64_t chunks = split.items;
  // Written by the workers, added here: the calling thread's buffer.
  T* partials = core::thread_scratch<T>(core::ScratchSlot::partials, static_cast<std::size_t>(chunks));
  const double grad_bytes = static_cast<double>(p.rows) * static_cast<double>(p.classes) * sizeof(T);
  const SoftmaxXentArgs<T> args{logits, prob_labels, index_labels, dlogits, partials, kSoftmaxChunkRows,
                                dlogits != nullptr && grad_bytes >= kSoftmaxStreamMinBytes};
  const SoftmaxXentTierKernels<T>& k = softmax_xent_tier_kernels<T>(I);
  core::parallel_for(
      Th, core::resolve_num_threads(Th, exec), chunks,
      [&](std::int64_t begin, std::int64_t end) { k.row_chunks(p, args, begin, end); }, split.grain);
  T total = 0;
  for (std::int64_t c = 0; c < chunks; ++c) total += partials[c];
  *loss = total / static_cast<T>(p.rows);
}

template const char* softmax_xent_threads_decline<Threading::openmp>(const SoftmaxXentProblem&, const core::Exec&);
template const char* softmax_xent_threads_decline<Threading::tbb>(const SoftmaxXentProblem&, const core::Exec&);

#define CNNKIT_INSTANTIATE(ISA, TH, T)                                                                    \
  template void softmax_xent_simd<ISA, TH, T>(const SoftmaxXentProblem&, const T*, const T*,              \
                                              const std::int64_t*, T*, T*, const core::Exec&);
#define CNNKIT_INSTANTIATE_TIER(ISA)                                                                      \
  CNNKIT_INSTANTIATE(ISA, Threading::serial, float)                                                       \
  CNNKIT_INSTANTIATE(ISA, Threading::openmp, float)                                                       \
  CNNKIT_INSTANTIATE(ISA, Threading::tbb, float)                                                          \
  CNNKIT_INSTANTIATE(ISA, Threading::serial, double)                                                      \
  CNNKIT_INSTANTIATE(ISA, Threading::openmp, double)                                                      \
  CNNKIT_INSTANTIATE(ISA, Threading::tbb, double)
CNNKIT_INSTANTIATE_TIER(Isa::sse4_2)
CNNKIT_INSTANTIATE_TIER(Isa::avx2_fma)
CNNKIT_INSTANTIATE_TIER(Isa::avx512)

}  // namespace cnnkit::ops

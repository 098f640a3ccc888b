// What each ISA tier's translation unit (tiers/softmax_xent.<tier>.cpp) provides to the
// ISA-neutral softmax cross-entropy driver: one row-chunk kernel, as a plain function pointer.
#pragma once

#include <cstdint>

#include "cnnkit/dispatch.hpp"
#include "ops/softmax_xent/softmax_xent_problem.hpp"
#include "simd/tier_table.hpp"

namespace cnnkit::ops {

// Where a call's row-chunk kernel reads and writes (pointers as the variant received them).
template <class T>
struct SoftmaxXentArgs {
  const T* logits;
  const T* prob_labels;               // null with index labels
  const std::int64_t* index_labels;   // null with probability rows
  T* dlogits;                         // null without the gradient
  T* partials;                        // one summed row loss per chunk
  std::int64_t chunk_rows;            // rows per chunk (the last may be short)
  bool stream;                        // write dlogits with non-temporal stores
};

template <class T>
struct SoftmaxXentTierKernels {
  // Chunks [begin, end): partials[c] = the sum, in row order, of the row losses of chunk c, and
  // the gradient rows of those chunks.
  void (*row_chunks)(const SoftmaxXentProblem&, const SoftmaxXentArgs<T>&, std::int64_t begin, std::int64_t end);
};

// The kernels of a tier (sse4_2, avx2_fma or avx512). Only call when detected_isa() allows it.
template <class T>
const SoftmaxXentTierKernels<T>& softmax_xent_tier_kernels(Isa isa);

namespace tier_sse4_2 {
template <class T>
const SoftmaxXentTierKernels<T>& softmax_xent_kernels();
}
namespace tier_avx2_fma {
template <class T>
const SoftmaxXentTierKernels<T>& softmax_xent_kernels();
}
namespace tier_avx512 {
template <class T>
const SoftmaxXentTierKernels<T>& softmax_xent_kernels();
}

}  // namespace cnnkit::ops

// The softmax cross-entropy variants above the reference: one ISA-neutral driver around the tier
// row kernels. Rows go in fixed chunks of kSoftmaxChunkRows; each chunk's loss is summed in row
// order into its own partial, and the partials are added in chunk order on the calling thread,
// so the loss has the same bits on any thread count (the serial variant runs the same chunks).
#pragma once

#include "cnnkit/dispatch.hpp"
#include "core/registry.hpp"
#include "ops/softmax_xent/softmax_xent_problem.hpp"

namespace cnnkit::ops {

template <Isa I, Threading Th, class T>
void softmax_xent_simd(const SoftmaxXentProblem& p, const T* logits, const T* prob_labels,
                       const std::int64_t* index_labels, T* loss, T* dlogits, const core::Exec& exec);

// The threaded entries' split: the fixed row chunks (softmax_xent_simd hands the same to parallel_for).
core::ThreadSplit softmax_xent_split(const SoftmaxXentProblem& p, const core::Exec& exec, bool with_work);

// Why a threaded softmax variant passes on a problem (too small for a thread team, or one thread).
template <Threading Th>
const char* softmax_xent_threads_decline(const SoftmaxXentProblem& p, const core::Exec& exec);

}  // namespace cnnkit::ops

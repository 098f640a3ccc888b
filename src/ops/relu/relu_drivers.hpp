// The relu variants above the reference: ISA-neutral drivers around the tier span kernels.
// simd = ordinary vector stores; stream = non-temporal stores, for outputs far beyond the
// caches. Threaded (openmp / tbb) = the same kernel over a static split of the output's cache
// lines (ops/eltwise/line_split.hpp); serial = one range, inline.
#pragma once

#include "cnnkit/dispatch.hpp"
#include "ops/relu/relu_problem.hpp"

namespace cnnkit::ops {

template <Isa I, Threading Th, bool Stream, class T>
void relu_fwd_lines(const EltwiseProblem& p, const T* x, T* y, const core::Exec& exec);

template <Isa I, Threading Th, bool Stream, class T>
void relu_bwd_lines(const EltwiseProblem& p, const T* x, const T* dy, T* dx, const core::Exec& exec);

// Why a simd variant passes on a problem: threaded ones on one thread, or (unless forced) on
// problems too small for a thread team; serial ones never.
template <class T, Threading Th>
const char* relu_simd_declines(const EltwiseProblem& p, const core::Exec& exec);

// As relu_simd_declines, and (unless forced) outputs small enough to stay in the caches, and
// in-place problems (which read every line anyway: streaming does not pay there).
template <class T, Threading Th>
const char* relu_stream_declines(const EltwiseProblem& p, const core::Exec& exec);

}  // namespace cnnkit::ops

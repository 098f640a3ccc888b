// The relu variants above the reference: ISA-neutral drivers around the tier span kernels.
// simd = ordinary vector stores; stream = non-temporal stores, for outputs far beyond the
// caches. Threaded (openmp / tbb) = the same kernel over the output's cache lines, claimed in
// chunks (ops/eltwise/line_split.hpp); serial = one range, inline.
#pragma once

#include "cnnkit/dispatch.hpp"
#include "ops/eltwise/eltwise_declines.hpp"
#include "ops/eltwise/line_split.hpp"
#include "ops/relu/relu_problem.hpp"

namespace cnnkit::ops {

template <Isa I, Threading Th, bool Stream, class T>
void relu_fwd_lines(const EltwiseProblem& p, const T* x, T* y, const core::Exec& exec);

template <Isa I, Threading Th, bool Stream, class T>
void relu_bwd_lines(const EltwiseProblem& p, const T* x, const T* dy, T* dx, const core::Exec& exec);

// The threaded entries' split (the drivers cut the same lines).
template <class T>
core::ThreadSplit relu_split(const EltwiseProblem& p, const core::Exec&, bool with_work) {
  return line_split<T>(p.count, with_work);
}

// Why a simd variant passes on a problem (see ops/eltwise/eltwise_declines.hpp), or nullptr.
template <class T, Threading Th>
const char* relu_simd_declines(const EltwiseProblem& p, const core::Exec& exec) {
  return eltwise_simd_declines<T, Th>(p.count, exec);
}

// As relu_simd_declines, and (unless forced) working sets small enough to stay in the caches
// (Buffers: 2 for forward, 3 for backward), and in-place problems (which read every line anyway:
// streaming stores were measured slower there).
template <class T, Threading Th, int Buffers>
const char* relu_stream_declines(const EltwiseProblem& p, const core::Exec& exec) {
  if (!exec.forced && p.in_place && !kReluStreamInPlace)
    return "in place: every line is read anyway, so streaming stores do not pay";
  return eltwise_stream_declines<T, Th>(p.count, Buffers * p.count, exec);
}

}  // namespace cnnkit::ops

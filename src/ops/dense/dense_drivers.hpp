// The dense variants above the reference: ISA-neutral drivers around the tier kernels.
//   simd    = register tiles straight from the operands (no packing), tiles split over threads;
//   blocked = pack B once per call, then cache-blocked C tiles over packed A micro-panels, the
//             same tiles split over threads (bitwise equal to the serial run: no tile shares a sum).
// The bias gradient: fixed row chunks added in order (any split of the chunks gives the same bits).
#pragma once

#include "cnnkit/dispatch.hpp"
#include "core/thread_split.hpp"
#include "ops/dense/dense_problem.hpp"

namespace cnnkit::ops {

template <Isa I, Threading Th, class T>
void dense_fwd_simd(const DenseProblem& p, const T* x, const T* w, const T* b, T* y, const core::Exec& exec);
template <Isa I, Threading Th, class T>
void dense_fwd_blocked(const DenseProblem& p, const T* x, const T* w, const T* b, T* y, const core::Exec& exec);

template <Isa I, Threading Th, class T>
void dense_bwd_data_simd(const DenseProblem& p, const T* dy, const T* w, T* dx, const core::Exec& exec);
template <Isa I, Threading Th, class T>
void dense_bwd_data_blocked(const DenseProblem& p, const T* dy, const T* w, T* dx, const core::Exec& exec);

template <Isa I, Threading Th, class T>
void dense_bwd_weights_simd(const DenseProblem& p, const T* x, const T* dy, T* dw, const core::Exec& exec);
template <Isa I, Threading Th, class T>
void dense_bwd_weights_blocked(const DenseProblem& p, const T* x, const T* dy, T* dw, const core::Exec& exec);

template <Isa I, Threading Th, class T>
void dense_bwd_bias_simd(const DenseProblem& p, const T* dy, T* db, const core::Exec& exec);

enum class DenseProduct { fwd, bwd_data, bwd_weights };

// The threaded entries' splits (their drivers hand parallel_for the same items and grain):
// simd = its register tiles of C; blocked = its cache tiles of C, cut finer for many threads
// (make_dense_gemm_plan); bias = the fixed dy row chunks.
template <Isa I, DenseProduct D, class T>
core::ThreadSplit dense_simd_split(const DenseProblem& p, const core::Exec& exec, bool with_work);
template <Isa I, DenseProduct D, Threading Th, class T>
core::ThreadSplit dense_blocked_split(const DenseProblem& p, const core::Exec& exec, bool with_work);
template <class T>
core::ThreadSplit dense_bias_split(const DenseProblem& p, const core::Exec& exec, bool with_work);

// Why a blocked variant passes on a problem, or nullptr: (unforced) too few rows or too short a
// sum for packing to pay, and for threaded entries (Th != serial) the core::decline_threads rule.
template <DenseProduct D, Threading Th>
const char* dense_blocked_declines(const DenseProblem& p, const core::Exec& exec);
// The threaded simd entries' rule (core::decline_threads on the product's flops).
template <Threading Th>
const char* dense_threads_decline(const DenseProblem& p, const core::Exec& exec);
template <Threading Th>
const char* dense_bias_threads_decline(const DenseProblem& p, const core::Exec& exec);

}  // namespace cnnkit::ops

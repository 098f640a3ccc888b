// The bias-gradient variants above the reference: ISA-neutral drivers around the tier kernels.
// simd = one pass of plain vector sums; blocked = fixed pixel chunks with independent
// accumulators, partials added in chunk order; blocked + threads = the chunks split over OpenMP
// or oneTBB threads (bitwise equal to the serial run: the chunks depend on the shape alone).
#pragma once

#include "cnnkit/dispatch.hpp"
#include "core/thread_split.hpp"
#include "ops/conv2d/conv2d_problem.hpp"

namespace cnnkit::ops {

template <Isa I, class T>
void conv2d_bwd_bias_simd(const Conv2dBiasProblem& p, const T* dy, T* db, const core::Exec& exec);

// How the blocked variant on runtime Th cuts p across its threads (the plan's fixed pixel chunks);
// the threaded drivers and the thread plan query both use it.
template <Isa I, Threading Th, class T>
core::ThreadSplit conv2d_bwd_bias_blocked_split(const Conv2dBiasProblem& p, const core::Exec& exec, bool with_work);

template <Isa I, Threading Th, class T>
void conv2d_bwd_bias_blocked(const Conv2dBiasProblem& p, const T* dy, T* db, const core::Exec& exec);

// Why the serial blocked bias variant passes on a problem (unforced: small problems whose channels
// fill whole vectors, where simd is faster), or nullptr.
template <Isa I, class T>
const char* conv2d_bias_blocked_decline(const Conv2dBiasProblem& p, const core::Exec& exec);

// Why a threaded bias variant passes on a problem (one thread, or too small unless forced), or nullptr.
template <Threading Th>
const char* conv2d_bias_threads_decline(const Conv2dBiasProblem& p, const core::Exec& exec);

}  // namespace cnnkit::ops

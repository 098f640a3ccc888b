// The backward-weights convolution variants above the reference: ISA-neutral drivers around the
// tier kernels. simd = the vectorised loop nest; blocked = plan, then every work unit on this
// thread; blocked + threads = the same units split over OpenMP or oneTBB threads (bitwise equal
// to the serial run: units own disjoint parts of dW and sum over the pixels in the same order).
#pragma once

#include "cnnkit/dispatch.hpp"
#include "core/thread_split.hpp"
#include "ops/conv2d/conv2d_problem.hpp"

namespace cnnkit::ops {

template <Isa I, class T>
void conv2d_bwd_weights_simd(const Conv2dProblem& p, const T* x, const T* dy, T* dw, const core::Exec& exec);

// How the blocked variant on runtime Th cuts p across its threads (the plan's work units); the
// threaded drivers and the thread plan query both use it.
template <Isa I, Threading Th, class T>
core::ThreadSplit conv2d_bwd_weights_blocked_split(const Conv2dProblem& p, const core::Exec& exec, bool with_work);

template <Isa I, Threading Th, class T>
void conv2d_bwd_weights_blocked(const Conv2dProblem& p, const T* x, const T* dy, T* dw, const core::Exec& exec);

}  // namespace cnnkit::ops

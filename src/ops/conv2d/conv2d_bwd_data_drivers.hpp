// The backward-data convolution variants above the reference: ISA-neutral drivers around the
// tier kernels. simd = the vectorised gather loop nest; blocked = pack flipped transposed
// weights, then run every tile of the plan; blocked + threads = the same tiles split over OpenMP
// or oneTBB threads (bitwise equal to the serial run: tiles write disjoint dx and share no sum).
#pragma once

#include "cnnkit/dispatch.hpp"
#include "core/thread_split.hpp"
#include "ops/conv2d/conv2d_problem.hpp"

namespace cnnkit::ops {

template <Isa I, class T>
void conv2d_bwd_data_simd(const Conv2dProblem& p, const T* dy, const T* w, T* dx, const core::Exec& exec);

// How the blocked variant on runtime Th cuts p across its threads: the forward planar plan's tiles
// when the driver takes that path (conv2d_bwd_data_planar.hpp), else the backward-data plan's,
// cut for the thread count; the threaded drivers and the thread plan query both use it.
template <Isa I, Threading Th, class T>
core::ThreadSplit conv2d_bwd_data_blocked_split(const Conv2dProblem& p, const core::Exec& exec, bool with_work);

template <Isa I, Threading Th, class T>
void conv2d_bwd_data_blocked(const Conv2dProblem& p, const T* dy, const T* w, T* dx, const core::Exec& exec);

}  // namespace cnnkit::ops

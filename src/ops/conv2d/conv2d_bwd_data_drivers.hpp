// The backward-data convolution variants above the reference: ISA-neutral drivers around the
// tier kernels. simd = the vectorised gather loop nest; blocked = pack flipped transposed
// weights, then run every tile of the plan; blocked + threads = the same tiles split over OpenMP
// or oneTBB threads (bitwise equal to the serial run: tiles write disjoint dx and share no sum).
#pragma once

#include "cnnkit/dispatch.hpp"
#include "ops/conv2d/conv2d_problem.hpp"

namespace cnnkit::ops {

template <Isa I, class T>
void conv2d_bwd_data_simd(const Conv2dProblem& p, const T* dy, const T* w, T* dx, const core::Exec& exec);

template <Isa I, Threading Th, class T>
void conv2d_bwd_data_blocked(const Conv2dProblem& p, const T* dy, const T* w, T* dx, const core::Exec& exec);

}  // namespace cnnkit::ops

// The "separable" pool2d forward variants: max pooling with stride 1 along w, as row maxes reused
// across output rows (kernels/pool_fwd_separable.hpp), serial or with output rows split across threads.
#pragma once

#include "cnnkit/dispatch.hpp"
#include "ops/pool2d/pool2d_problem.hpp"

namespace cnnkit::ops {

template <Isa I, Threading Th, class T>
void pool2d_fwd_separable(const Pool2dProblem& p, const T* x, T* y, const core::Exec& exec);

// Declines (forced or not) what the kernel cannot compute: average pooling (its sums are not
// separable bitwise), a stride along w other than 1, a ring of row maxes over 16 MiB; unforced,
// windows too small to gain (under 3 taps per axis over whole-vector channels) and, for threaded
// entries, too little work.
template <Isa I, Threading Th, class T>
const char* pool2d_fwd_separable_declines(const Pool2dProblem& p, const core::Exec& exec);

}  // namespace cnnkit::ops

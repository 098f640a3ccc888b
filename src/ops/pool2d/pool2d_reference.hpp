// The reference pooling: the seeds' pool_forward / pool_backward loops with the stride-aware
// window, four-sided padding, ceil mode, count_include_pad, the tie policy and NaN semantics.
#pragma once

#include "ops/pool2d/pool2d_problem.hpp"

namespace cnnkit::ops {

template <class T>
void pool2d_fwd_reference(const Pool2dProblem& p, const T* x, T* y, const core::Exec&);
template <class T>
void pool2d_bwd_reference(const Pool2dProblem& p, const T* x, const T* dy, T* dx, const core::Exec&);

}  // namespace cnnkit::ops

// The reference convolution: plain loop nests that read like the seeds, for every parameter
// (stride, four-sided padding, dilation, groups). The oracle every fast variant is tested against.
#pragma once

#include "ops/conv2d/conv2d_problem.hpp"

namespace cnnkit::ops {

template <class T>
void conv2d_fwd_reference(const Conv2dProblem& p, const T* x, const T* w, const T* b, T* y, const core::Exec&);
template <class T>
void conv2d_bwd_data_reference(const Conv2dProblem& p, const T* dy, const T* w, T* dx, const core::Exec&);
template <class T>
void conv2d_bwd_weights_reference(const Conv2dProblem& p, const T* x, const T* dy, T* dw, const core::Exec&);
template <class T>
void conv2d_bwd_bias_reference(const Conv2dBiasProblem& p, const T* dy, T* db, const core::Exec&);

}  // namespace cnnkit::ops

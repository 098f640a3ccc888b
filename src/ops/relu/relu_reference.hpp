#pragma once

#include "ops/relu/relu_problem.hpp"

namespace cnnkit::ops {

template <class T>
void relu_fwd_reference(const EltwiseProblem& p, const T* x, T* y, const core::Exec&);
template <class T>
void relu_bwd_reference(const EltwiseProblem& p, const T* x, const T* dy, T* dx, const core::Exec&);

}  // namespace cnnkit::ops

// The reference dense layer: y = x @ W + b and its three gradients as plain triple loops.
#pragma once

#include "ops/dense/dense_problem.hpp"

namespace cnnkit::ops {

template <class T>
void dense_fwd_reference(const DenseProblem& p, const T* x, const T* w, const T* b, T* y, const core::Exec&);
template <class T>
void dense_bwd_data_reference(const DenseProblem& p, const T* dy, const T* w, T* dx, const core::Exec&);
template <class T>
void dense_bwd_weights_reference(const DenseProblem& p, const T* x, const T* dy, T* dw, const core::Exec&);
template <class T>
void dense_bwd_bias_reference(const DenseProblem& p, const T* dy, T* db, const core::Exec&);

}  // namespace cnnkit::ops

#pragma once

#include "ops/adam/adam_problem.hpp"

namespace cnnkit::ops {

template <class T>
void adam_reference(const AdamProblem& p, T* param, const T* grad, T* m, T* v, const core::Exec&);

}  // namespace cnnkit::ops

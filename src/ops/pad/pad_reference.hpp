#pragma once

#include "ops/pad/pad_problem.hpp"

namespace cnnkit::ops {

template <class T>
void pad_reference(const PadProblem& p, const T* x, T* y, T value, const core::Exec& exec);

}  // namespace cnnkit::ops

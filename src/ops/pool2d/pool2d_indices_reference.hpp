// The reference max pooling with saved indices (see Pool2dFwdIndicesOp / Pool2dBwdIndicesOp).
#pragma once

#include <cstdint>

#include "ops/pool2d/pool2d_problem.hpp"

namespace cnnkit::ops {

template <class T>
void pool2d_fwd_indices_reference(const Pool2dProblem& p, const T* x, T* y, std::int32_t* indices,
                                  const core::Exec&);
template <class T>
void pool2d_bwd_indices_reference(const Pool2dProblem& p, const std::int32_t* indices, const T* dy, T* dx,
                                  std::int64_t* bad, const core::Exec&);

}  // namespace cnnkit::ops

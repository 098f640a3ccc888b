// The one definition of which input cell a kernel tap reads, shared by the reference directions:
// output (oh, ow), tap (i, j) -> input (oh*stride_h - pad_top + i*dilation_h, ow*stride_w - pad_left + j*dilation_w).
#pragma once

#include <cstdint>

#include "ops/conv2d/conv2d_problem.hpp"

namespace cnnkit::ops {

inline std::int64_t input_row(const Conv2dProblem& p, std::int64_t oh, std::int64_t i) {
  return oh * p.params.stride_h - p.params.pad.top + i * p.params.dilation_h;
}

inline std::int64_t input_col(const Conv2dProblem& p, std::int64_t ow, std::int64_t j) {
  return ow * p.params.stride_w - p.params.pad.left + j * p.params.dilation_w;
}

}  // namespace cnnkit::ops

// The "scatter" variants of max-pool backward from saved indices: zero a band of dx rows, then
// add each dy value at the cell its index names, in output order (the reference's order for every
// dx cell), one value at a time. One add per dy value whatever the window size, where the blocked
// kernels compare every index with every cell of its window: on large overlapping windows (YOLO's
// SPP 9x9/1: 81 compares per value) and on few channels (the seeds' 3-channel image: one
// mostly-empty vector per window cell) the scatter wins; on small windows over whole vectors the
// compares, vectorised across channels, do.
#pragma once

#include <cstdint>

#include "cnnkit/dispatch.hpp"
#include "ops/pool2d/pool2d_problem.hpp"

namespace cnnkit::ops {

template <Threading Th, class T>
void pool2d_bwd_indices_scatter(const Pool2dProblem& p, const std::int32_t* indices, const T* dy, T* dx,
                                std::int64_t* bad, const core::Exec& exec);

// Unforced: only where it measured faster than blocked (overlapping windows of 25 cells or more,
// or at most 5 channels); threaded entries also decline problems too small for a team.
template <Threading Th, class T>
const char* pool2d_bwd_indices_scatter_declines(const Pool2dProblem& p, const core::Exec& exec);

}  // namespace cnnkit::ops

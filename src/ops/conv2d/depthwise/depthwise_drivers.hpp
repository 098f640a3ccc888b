// The depthwise conv2d variants (depthwise_plan.hpp): ISA-neutral drivers around the tier kernels,
// serial or split over OpenMP / oneTBB threads, and the rule that makes them pass on everything
// that is not depthwise. Forward and backward-data items write disjoint rows, and backward
// weights adds per-chunk partials in a fixed order, so threaded runs match serial ones bitwise.
#pragma once

#include "cnnkit/dispatch.hpp"
#include "core/registry.hpp"
#include "core/thread_split.hpp"
#include "ops/conv2d/conv2d_dispatch_rules.hpp"
#include "ops/conv2d/conv2d_problem.hpp"

namespace cnnkit::ops {

// How the threaded entries cut p (forward: y rows; backward data: dx rows; backward weights:
// (row chunk, channel group) items); the drivers and the thread plan query both use these.
template <Isa I, class T>
core::ThreadSplit conv2d_fwd_depthwise_split(const Conv2dProblem& p, const core::Exec& exec, bool with_work);
template <Isa I, class T>
core::ThreadSplit conv2d_bwd_data_depthwise_split(const Conv2dProblem& p, const core::Exec& exec, bool with_work);
template <Isa I, class T>
core::ThreadSplit conv2d_bwd_weights_depthwise_split(const Conv2dProblem& p, const core::Exec& exec, bool with_work);

template <Isa I, Threading Th, class T>
void conv2d_fwd_depthwise(const Conv2dProblem& p, const T* x, const T* w, const T* b, T* y, const core::Exec& exec);

template <Isa I, Threading Th, class T>
void conv2d_bwd_data_depthwise(const Conv2dProblem& p, const T* dy, const T* w, T* dx, const core::Exec& exec);

template <Isa I, Threading Th, class T>
void conv2d_bwd_weights_depthwise(const Conv2dProblem& p, const T* x, const T* dy, T* dw, const core::Exec& exec);

// Why the depthwise entry on runtime Th passes on p: not depthwise, padding the kernels cannot
// index safely (blocked_geometry_decline), or (threaded entries) too little work for a team.
template <Threading Th>
const char* conv2d_depthwise_rule(const Conv2dProblem& p, const core::Exec& exec);

}  // namespace cnnkit::ops

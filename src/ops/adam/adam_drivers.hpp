// The Adam variants above the reference: one ISA-neutral driver around the tier element kernels.
// Elements go in 64-byte units counted from param's cache-line boundaries, so threads never
// share a written line of param; every element's update is independent, so any split gives the
// serial variant's bits.
#pragma once

#include "cnnkit/dispatch.hpp"
#include "core/registry.hpp"
#include "ops/adam/adam_problem.hpp"

namespace cnnkit::ops {

template <Isa I, Threading Th, class T>
void adam_simd(const AdamProblem& p, T* param, const T* grad, T* m, T* v, const core::Exec& exec);

// The threaded entries' split: param's 64-byte lines (ops/eltwise/line_split.hpp), as adam_simd cuts them.
template <class T>
core::ThreadSplit adam_split(const AdamProblem& p, const core::Exec& exec, bool with_work);

// Why a threaded Adam variant passes on a problem (too small for a thread team, or one thread).
template <Threading Th>
const char* adam_threads_decline(const AdamProblem& p, const core::Exec& exec);

}  // namespace cnnkit::ops

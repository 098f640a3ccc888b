// The variants of max pooling with saved indices above the reference: ISA-neutral drivers around
// the tier kernels (kernels/pool_indices_fwd.hpp, kernels/pool_indices_bwd.hpp).
// Forward: simd = output rows n*ho in order; threaded = the same rows (cut into column parts
// when there are few per thread) claimed in chunks (pool2d_split.hpp).
// Backward: blocked = dx rows n*h as bands, threaded = those rows claimed in chunks (each worker
// owns disjoint dx rows, so the result is bitwise the serial one, and the bad-index report is the
// smallest position any worker saw); simd = the plain zero-then-scatter loop nest.
#pragma once

#include <cstdint>

#include "cnnkit/dispatch.hpp"
#include "ops/pool2d/pool2d_problem.hpp"

namespace cnnkit::ops {

template <Isa I, Threading Th, class T>
void pool2d_fwd_indices_simd(const Pool2dProblem& p, const T* x, T* y, std::int32_t* indices, const core::Exec& exec);

template <Isa I, Threading Th, class T>
void pool2d_bwd_indices_blocked(const Pool2dProblem& p, const std::int32_t* indices, const T* dy, T* dx,
                                std::int64_t* bad, const core::Exec& exec);

template <Isa I, class T>
void pool2d_bwd_indices_simd(const Pool2dProblem& p, const std::int32_t* indices, const T* dy, T* dx,
                             std::int64_t* bad, const core::Exec& exec);

// Forward: a window with more cells than T holds integers exactly (2^24 for float) cannot track
// its winning tap as a T: declined even when forced (only the reference computes it). Unforced, a
// tier passes on channels a narrower tier runs faster (forward: C = 8 floats on avx512, fewer than
// half a vector; backward: a channel tail among fewer than eight avx512 vectors, fewer than half a vector), and threaded
// variants of both directions on problems too small for a thread team, or one thread.
template <Isa I, Threading Th, class T>
const char* pool2d_fwd_indices_declines(const Pool2dProblem& p, const core::Exec& exec);
template <Isa I, Threading Th, class T>
const char* pool2d_bwd_indices_declines(const Pool2dProblem& p, const core::Exec& exec);
// The serial blocked backward: as above, and unforced it passes channels that fit in one tail
// vector on to simd.
template <Isa I, class T>
const char* pool2d_bwd_indices_blocked_declines(const Pool2dProblem& p, const core::Exec& exec);

}  // namespace cnnkit::ops

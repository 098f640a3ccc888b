// The pool2d variants above the reference: ISA-neutral drivers around the tier kernels.
// Forward: simd = output rows n*ho in order; threaded = the same rows (cut into column parts
// when there are few per thread) claimed in chunks (pool2d_split.hpp).
// Backward: blocked = dx rows n*h as bands (see kernels/pool_bwd_rows.hpp), threaded = those rows
// claimed in chunks (each worker owns disjoint dx rows, so no two threads write one cell and the
// result is bitwise the serial one); simd = the plain zero-then-scatter loop nest.
#pragma once

#include "cnnkit/dispatch.hpp"
#include "ops/pool2d/pool2d_problem.hpp"

namespace cnnkit::ops {

template <Isa I, Threading Th, class T>
void pool2d_fwd_simd(const Pool2dProblem& p, const T* x, T* y, const core::Exec& exec);

template <Isa I, Threading Th, class T>
void pool2d_bwd_blocked(const Pool2dProblem& p, const T* x, const T* dy, T* dx, const core::Exec& exec);

template <Isa I, class T>
void pool2d_bwd_simd(const Pool2dProblem& p, const T* x, const T* dy, T* dx, const core::Exec& exec);

// Why a pool2d variant of tier I passes on a problem it would run slowly (never when forced):
// channels that are a tail here but whole vectors on the next narrower tier (C = 8 floats on
// avx512), serial average backward with overlapping windows and fewer channels than any vector
// (its read-modify-write tails are scalar, the reference's loop is leaner), and for threaded
// variants a problem too small for a thread team, or one thread.
template <Isa I, Threading Th, class T>
const char* pool2d_fwd_declines(const Pool2dProblem& p, const core::Exec& exec);
template <Isa I, Threading Th, class T>
const char* pool2d_bwd_declines(const Pool2dProblem& p, const core::Exec& exec);
// The serial blocked backward entry: as pool2d_bwd_declines, and below avx512 it passes
// overlapping windows on to simd (measured 5-16% faster there on avx2_fma: AlexNet's, SqueezeNet's
// and ResNet's 3x3/2 max pools, YOLO's 2x2/1, Inception's 3x3/1 average).
template <Isa I, class T>
const char* pool2d_bwd_blocked_declines(const Pool2dProblem& p, const core::Exec& exec);

}  // namespace cnnkit::ops

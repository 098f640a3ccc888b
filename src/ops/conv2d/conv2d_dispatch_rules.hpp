// The conv2d selection rules: why an entry of the four conv2d lists passes on a problem, so that
// the first entry that accepts is the fastest (conv2d_variants.cpp). Measured with cnnkit-bench on
// bench/shapes/corpus_sample.txt and corpus.txt (plain call vs every forced variant; see the
// "dispatch regret" columns), per ISA tier and shape class:
//
//   blocked geometry   padding far beyond the windows (conv2d_blocked_geometry.hpp): blocked
//                      variants cannot run it; simd does.
//   thread floor       a team costs more than it saves below 4 MFLOP of work.
//   output channels    backward weights whose output channels fill avx2_fma vectors but half an
//                      avx512 one (8 floats: the SIGNS ConvNet's first layer): avx2_fma 1.2x
//                      faster; the avx512 entries pass it on.
//   few pixels         forward and backward data with at most 8 output pixels in all (batch-1
//                      squeeze-excite layers, 1x1-convolution classifiers, LeNet's C5: matrix-vector
//                      products) and weights not prepacked: packing the weights is most of a blocked
//                      call; the blocked entries pass it on to simd, 2-10x faster (mobilenet_v1's
//                      1024 -> 1001 classifier: 3.3 -> 15 GFLOP/s forward and backward data).
//
// Every rule here is a speed rule: a forced variant (exec.forced), and autotuning's candidates,
// ignore it and decline only what they cannot compute.
#pragma once

#include "cnnkit/dispatch.hpp"
#include "core/registry.hpp"
#include "ops/conv2d/conv2d_problem.hpp"

namespace cnnkit::ops {

enum class ConvDirection { fwd, bwd_data, bwd_weights };

// The blocked serial entry of tier I.
template <ConvDirection D, Isa I, class T>
const char* conv2d_blocked_rule(const Conv2dProblem& p, const core::Exec& exec);

// A threaded blocked entry of tier I on runtime Th.
template <ConvDirection D, Isa I, Threading Th, class T>
const char* conv2d_threads_rule(const Conv2dProblem& p, const core::Exec& exec);

// The simd entry of tier I.
template <ConvDirection D, Isa I, class T>
const char* conv2d_simd_rule(const Conv2dProblem& p, const core::Exec& exec);

}  // namespace cnnkit::ops

// Depthwise convolution (one input and one output channel per group: MobileNet, EfficientNet):
// the problems the depthwise variants take, and how they cut them. ISA-neutral.
//
// The dense kernels treat each group as a tiny convolution with one output channel, so a vector
// of output channels holds one useful lane (1/16 of the machine on avx512). Here the channels are
// the vector lanes instead: NHWC keeps a pixel's channels contiguous and HWIO with one input
// channel per group keeps a tap's weights contiguous in the same order, so every operand is a
// plain vector load, nothing is packed, and a tap that falls outside the input is skipped (the
// reference's rule for non-finite values holds without a fixup).
//
//   forward, backward data   one work item = one output row (forward: a y row; backward data: a
//                            dx row, its taps gathered from dy by stride phase), all channels
//   backward weights         one work item = (row chunk, channel group): the (n, oh) rows are cut
//                            into chunks by the shape alone, each chunk's sums go to its own
//                            partial, and the partials are added in chunk order after the
//                            parallel region, so every thread count gives the same bits; a
//                            group's channels are as many as keep its partial sums in L1
#pragma once

#include <algorithm>
#include <cstdint>

#include "ops/conv2d/conv2d_problem.hpp"

namespace cnnkit::ops {

inline bool is_depthwise(const Conv2dProblem& p) {
  return p.groups() > 1 && p.c_in_per_group() == 1 && p.c_out_per_group() == 1;
}

// Backward weights: rows (n, oh) per chunk and chunk count, from the shape only. About 512
// output pixels per chunk keeps a chunk's partial sums (added once, after the parallel region)
// within 0.2 % of its work, and at most 64 chunks bound the partials (64 x kh x kw x c) while
// giving 16 threads 4 chunks each (2048 pixels and 16 chunks left mobilenet_v1's 28x28x256 layer
// at batch 32 12 items: load balance 0.75 at 16 threads).
struct DepthwiseWeightsChunks {
  std::int64_t rows, rows_per_chunk, chunks;
};

inline DepthwiseWeightsChunks depthwise_weights_chunks(const Conv2dProblem& p) {
  const std::int64_t rows = p.y.n * p.y.h;
  if (rows == 0) return {0, 1, 0};
  const std::int64_t by_pixels = std::max<std::int64_t>(1, rows * p.y.w / 512);
  const std::int64_t wanted = std::clamp<std::int64_t>(by_pixels, 1, 64);
  const std::int64_t per_chunk = (rows + wanted - 1) / wanted;
  return {rows, per_chunk, (rows + per_chunk - 1) / per_chunk};
}

// Backward weights: channels per group (a multiple of `lanes`), so that a group's kh*kw partial
// sums stay within 32 KiB of L1 while its rows stream past.
inline std::int64_t depthwise_weights_group_channels(const Conv2dProblem& p, std::int64_t lanes,
                                                     std::int64_t element_size) {
  const std::int64_t fit = 32768 / (p.w.kh * p.w.kw * element_size) / lanes * lanes;
  return std::min(std::max(fit, lanes), (p.x.c + lanes - 1) / lanes * lanes);
}

}  // namespace cnnkit::ops

// How the blocked bias gradient cuts dy (seen as (pixels, channels)): fixed chunks of whole pixels,
// sized from the shape alone so a chunk's dy stays in L2 while its channel vectors are swept.
// Each chunk gives one row of partial sums; the rows are added in chunk order. The chunk size
// never depends on the thread count, so neither do the bits of the result.
#pragma once

#include <cstdint>

#include "ops/conv2d/conv2d_problem.hpp"

namespace cnnkit::ops {

struct ConvBwdBiasPlan {
  std::int64_t channels, pixels;
  std::int64_t chunk_pixels, chunks;
  std::int64_t row_stride;  // elements between partial rows: channels rounded up to 64 bytes

  std::int64_t partials_count() const { return chunks * row_stride; }
};

inline constexpr std::int64_t kBwdBiasChunkBytes = 64 * 1024;

ConvBwdBiasPlan make_conv_bwd_bias_plan(const Conv2dBiasProblem& p, std::int64_t element_size);

}  // namespace cnnkit::ops

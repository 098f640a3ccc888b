// How the bias gradient is cut: fixed chunks of dy rows, sized from the shape only (never from the
// thread count), so the threaded and serial sums are bitwise equal.
#pragma once

#include <algorithm>
#include <cstdint>

#include "core/threading.hpp"

namespace cnnkit::ops {

// About this many bytes of dy per chunk: big enough that one partial row per chunk is cheap to add,
// small enough that mid-sized problems still have a chunk per thread.
inline constexpr std::int64_t kDenseBiasChunkBytes = 128 * 1024;

struct DenseBiasPlan {
  std::int64_t m, n;
  std::int64_t chunk_rows, chunks;
  std::int64_t partials_count() const { return chunks > 1 ? chunks * n : 0; }
};

inline DenseBiasPlan make_dense_bias_plan(std::int64_t m, std::int64_t n, std::int64_t element_size) {
  DenseBiasPlan plan{};
  plan.m = m, plan.n = n;
  plan.chunk_rows = std::max<std::int64_t>(16, kDenseBiasChunkBytes / std::max<std::int64_t>(1, n * element_size));
  plan.chunks = core::fixed_chunks(m, plan.chunk_rows);
  return plan;
}

}  // namespace cnnkit::ops

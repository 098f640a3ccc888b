// How the threaded pool2d variants cut a problem for core::parallel_for, in one place: the
// drivers hand parallel_for these items and grain, and the registry entries' split functions
// (what the thread plan query reads) return the same.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>

#include "core/registry.hpp"
#include "core/thread_split.hpp"
#include "core/threading.hpp"
#include "ops/pool2d/pool2d_problem.hpp"

namespace cnnkit::ops {

// Items per thread the forward splits want: with n items of equal cost on t threads the dynamic
// schedule's slowest thread gets at most one item more than the mean, so n / t >= 8 keeps the
// balance near 0.9 or better whatever the remainder.
inline constexpr std::int64_t kPoolItemsPerThread = 8;
// The fewest output elements in a column part (2 KiB of floats: 8 pixels of 64 channels, one
// pixel of 1000), so a part's window walks stay long against its setup.
inline constexpr std::int64_t kPoolMinPartElements = 512;

// Column parts per output row of the simd forwards (x-based and with indices): 1 while the n*ho
// rows alone give every thread kPoolItemsPerThread of them (so one and two threads run whole rows
// as before); otherwise each row is cut into column parts (one image's large early pools: ResNet's
// 56 output rows on 16 threads) of at least kPoolMinPartElements outputs. Every pixel's result is
// the same whichever part computes it.
inline std::int64_t pool_row_parts(const Pool2dProblem& p, int threads) {
  const std::int64_t rows = p.y.n * p.y.h, wanted = kPoolItemsPerThread * threads;
  if (threads <= 1 || rows <= 0 || rows >= wanted) return 1;
  const std::int64_t min_columns = core::fixed_chunks(kPoolMinPartElements, std::max<std::int64_t>(1, p.y.c));
  return std::clamp<std::int64_t>(core::fixed_chunks(wanted, rows), 1, std::max<std::int64_t>(1, p.y.w / min_columns));
}

// Forward, simd (x-based and with indices): n*ho output rows x pool_row_parts column parts.
template <Threading Th>
core::ThreadSplit pool_output_part_split(const Pool2dProblem& p, const core::Exec& exec, bool with_work) {
  const std::int64_t parts = pool_row_parts(p, core::resolve_num_threads(Th, exec));
  core::ThreadSplit split{p.y.n * p.y.h * parts, 1, {}, {}};
  if (with_work)  // the unit text is the query's: drivers skip the string
    split.unit = parts == 1 ? "output row (image x output row)" : "1/" + std::to_string(parts) + " of an output row's columns";
  return split;
}

// Forward, sliding: output rows of n*ho (every output row costs about the same).
inline core::ThreadSplit pool_output_row_split(const Pool2dProblem& p, const core::Exec&, bool with_work) {
  return core::ThreadSplit{p.y.n * p.y.h, 1, with_work ? "output row (image x output row)" : "", {}};
}

// Forward max, separable: output rows of n*ho. Each chunk first fills its ring with the row maxes
// of the kernel_h - 1 input rows above its first output row, so a chunk holds at least
// (kernel_h - 1) / (2 stride_h) output rows: those need as many new row maxes as the warm-up.
// (More would leave the few output rows of a large-window pool, YOLO's SPP, to too few threads.)
// The plan counts that warm-up: an output row costs its stride_h new row maxes (kernel_w steps
// each) and its column max (kernel_h steps); a chunk's warm-up, kernel_h - 1 row maxes.
inline core::ThreadSplit pool_separable_row_split(const Pool2dProblem& p, const core::Exec&, bool with_work) {
  const Pool2dParams& q = p.params;
  const std::int64_t grain = core::fixed_chunks(std::max<std::int64_t>(1, q.kernel_h - 1), 2 * q.stride_h);
  core::ThreadSplit split{p.y.n * p.y.h, grain, with_work ? "output row (image x output row)" : "", {}};
  if (with_work) {
    const double row = static_cast<double>(q.stride_h * q.kernel_w + q.kernel_h);
    split.chunk_work = static_cast<double>((q.kernel_h - 1) * q.kernel_w) / row;  // in output rows
  }
  return split;
}

// Backward: dx rows of n*h; each band evaluates the windows touching its rows (every dx row
// costs about the same).
inline core::ThreadSplit pool_input_row_split(const Pool2dProblem& p, const core::Exec&, bool with_work) {
  return core::ThreadSplit{p.x.n * p.x.h, 1, with_work ? "dx row (image x input row)" : "", {}};
}

}  // namespace cnnkit::ops

// The threading layer: the only way variants use threads. Two runtimes live in the same binary
// (OpenMP in threading_openmp.cpp, oneTBB in threading_tbb.cpp); kernels never include omp.h or
// TBB headers. Work is split statically into contiguous ranges, so a result never depends on
// which thread ran which range; reductions that must be bitwise reproducible across thread
// counts partition by a fixed chunk size, not by the thread count (see fixed_chunks).
#pragma once

#include <cstdint>
#include <utility>

#include "cnnkit/dispatch.hpp"
#include "core/function_ref.hpp"
#include "core/registry.hpp"

namespace cnnkit::core {

using RangeBody = FunctionRef<void(std::int64_t begin, std::int64_t end)>;

// Threads a variant of this kind runs with: exec.num_threads, or the runtime's default when that
// is 0 (omp_get_max_threads() / the current task arena's concurrency). Always >= 1; serial -> 1.
int resolve_num_threads(Threading kind, const Exec& exec);

// Where share `index` of `parts` contiguous shares of [0, count) begins (index = parts: count);
// shares differ in size by at most one. parts > 0, 0 <= index <= parts; nothing overflows.
constexpr std::int64_t share_begin(std::int64_t count, std::int64_t parts, std::int64_t index) {
  const std::int64_t extra = count % parts;
  return index * (count / parts) + (index < extra ? index : extra);
}

// The part of [0, count) that part `index` of `parts` owns: contiguous, sizes differ by <= 1.
constexpr std::pair<std::int64_t, std::int64_t> static_range(std::int64_t count, int parts, int index) {
  return {share_begin(count, parts, index), share_begin(count, parts, index + 1)};
}

// Calls body(begin, end) once per non-empty part of a static split of [0, count) into
// num_threads parts, on the given runtime. Runs inline when num_threads <= 1 or count <= 1.
// The body must not throw. Safe inside an outer OpenMP region or TBB task (an inner OpenMP
// region then runs with the threads the runtime grants, possibly one).
void parallel_for(Threading kind, int num_threads, std::int64_t count, RangeBody body);

// Runtime entry points behind parallel_for.
void parallel_for_openmp(int num_threads, std::int64_t count, RangeBody body);
void parallel_for_tbb(int num_threads, std::int64_t count, RangeBody body);
int default_threads_openmp();
int default_threads_tbb();

// Number of chunks of `chunk` items covering `count` items. Reductions that must not depend on the
// thread count compute one partial per chunk and combine the partials in chunk order.
// Written without count + chunk - 1, which would overflow for counts near INT64_MAX.
constexpr std::int64_t fixed_chunks(std::int64_t count, std::int64_t chunk) {
  return count / chunk + (count % chunk != 0);
}

}  // namespace cnnkit::core

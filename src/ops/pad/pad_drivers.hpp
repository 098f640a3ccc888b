// The pad variants above the reference: ISA-neutral drivers around the tier range kernel.
// simd = ordinary vector stores; stream = non-temporal stores, for outputs far beyond the
// caches. Threaded (openmp / tbb) = the same kernel over y's cache lines in flat NHWC order,
// claimed in chunks (ops/eltwise/line_split.hpp): every thread gets the same number of bytes to
// write whatever mix of border and interior rows they hold; serial = one range, inline.
#pragma once

#include "cnnkit/dispatch.hpp"
#include "ops/eltwise/eltwise_declines.hpp"
#include "ops/eltwise/line_split.hpp"
#include "ops/pad/pad_problem.hpp"

namespace cnnkit::ops {

template <Isa I, Threading Th, bool Stream, class T>
void pad_lines(const PadProblem& p, const T* x, T* y, T value, const core::Exec& exec);

inline std::int64_t pad_output_elements(const PadProblem& p) { return p.y.n * p.y.h * p.y.w * p.y.c; }

// The threaded entries' split: y's lines (pad_lines cuts the same).
template <class T>
core::ThreadSplit pad_split(const PadProblem& p, const core::Exec&, bool with_work) {
  return line_split<T>(pad_output_elements(p), with_work);
}

// Why a simd / stream variant passes on a problem (see ops/eltwise/eltwise_declines.hpp), or nullptr.
template <class T, Threading Th>
const char* pad_simd_declines(const PadProblem& p, const core::Exec& exec) {
  return eltwise_simd_declines<T, Th>(pad_output_elements(p), exec);
}
template <class T, Threading Th>
const char* pad_stream_declines(const PadProblem& p, const core::Exec& exec) {
  const std::int64_t x_count = p.x.n * p.x.h * p.x.w * p.x.c;
  return eltwise_stream_declines<T, Th>(pad_output_elements(p), x_count + pad_output_elements(p), exec);
}

}  // namespace cnnkit::ops

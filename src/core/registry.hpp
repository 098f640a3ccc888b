// The dispatch table's building blocks. Each op has a traits struct (in src/ops/<op>/*_problem.hpp)
// naming its Problem type and the function signature of its variants; each (op, dtype) has one
// ordered list of Variant entries (src/ops/<op>/*_variants.cpp), the reference last.
// Adding a variant = adding an entry to a list: tests and benchmarks enumerate the same lists.
#pragma once

#include <span>

#include "cnnkit/context.hpp"
#include "cnnkit/dispatch.hpp"
#include "core/thread_split.hpp"

namespace cnnkit::core {

// What a variant is told about the execution, besides the problem.
struct Exec {
  ThreadingPolicy policy = ThreadingPolicy::automatic;
  int num_threads = 0;  // requested; 0 = the runtime's default
  // The variant was forced (by the caller, or by a test): it should decline only problems it
  // cannot compute, not ones it would merely run slowly (e.g. too small for a thread team).
  bool forced = false;
};

template <class Op, class T>
struct Variant {
  const char* name;     // "conv2d_fwd.ref"; also the string forced variants point at
  Isa isa;              // minimum tier
  Threading threading;  // serial / openmp / tbb
  // nullptr = accepts every problem; otherwise returns nullptr to accept or a static string
  // saying why it declines (shown by the verbose log and by forced-variant errors).
  const char* (*declines)(const typename Op::Problem& problem, const Exec& exec);
  typename Op::template Fn<T>* run;
  // Threaded entries: how the variant cuts this problem for core::parallel_for (the thread plan
  // query reads it; with_work asks for item costs). Null for serial entries.
  ThreadSplit (*split)(const typename Op::Problem& problem, const Exec& exec, bool with_work) = nullptr;
};

// The list of an (op, dtype). Specialised (declared in src/ops/op_lists.hpp) per op and dtype.
template <class Op, class T>
std::span<const Variant<Op, T>> variants_of();

template <class T>
constexpr DType dtype_of() {
  return std::is_same_v<T, float> ? DType::f32 : DType::f64;
}

}  // namespace cnnkit::core

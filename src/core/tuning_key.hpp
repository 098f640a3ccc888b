// The key a tuned choice is stored under: (op, dtype, effective ISA tier, threading policy,
// thread count, problem geometry). Its text form is the first six tab-separated fields of a
// tuning-file line (core/tuning_file.hpp), so the cache and the file share one spelling.
#pragma once

#include <string>

#include "cnnkit/context.hpp"
#include "core/registry.hpp"

namespace cnnkit::core {

// The geometry part of the key: Problem::tuning_key() where an op's problem carries values that
// change from call to call without changing the work (Adam's step and learning rate), else
// Problem::describe().
template <class Problem>
std::string problem_tuning_key(const Problem& p) {
  if constexpr (requires { p.tuning_key(); })
    return p.tuning_key();
  else
    return p.describe();
}

// The thread count a call runs with under `policy` (the runtime's default resolved), so that a
// key made with num_threads = 0 names a real count.
int tuning_thread_count(ThreadingPolicy policy, const Exec& exec);

std::string tuning_key(OpId op, DType dtype, const Context& ctx, const Exec& exec, const std::string& problem);

}  // namespace cnnkit::core

// The path of every op call after validation: select the variant, run it, and (verbose) log
// what ran, why the entries above it declined, and how long the call took.
#pragma once

#include <chrono>
#include <vector>

#include "cnnkit/context.hpp"
#include "core/registry.hpp"
#include "core/select_variant.hpp"
#include "core/verbose_log.hpp"
#include "ops/op_lists.hpp"

namespace cnnkit::core {

template <class Op, class T, class... Args>
void run_variant(const typename Op::Problem& problem, const Context& ctx, Args... args) {
  const Exec exec{ctx.threading(), ctx.num_threads()};
  const auto list = variants_of<Op, T>();
  if (!ctx.verbose()) {
    const auto& v = select_variant<Op, T>(list, problem, ctx, exec, nullptr);
    record_last_variant(Op::id, v.name);
    v.run(problem, args..., exec);
    return;
  }
  std::vector<Declined> declined;
  const auto& v = select_variant<Op, T>(list, problem, ctx, exec, &declined);
  record_last_variant(Op::id, v.name);
  const auto start = std::chrono::steady_clock::now();
  v.run(problem, args..., exec);
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  log_call(Op::id, dtype_of<T>(), problem.describe(), v.name, !ctx.forced_variant(Op::id).empty(),
           declined, elapsed.count());
}

}  // namespace cnnkit::core

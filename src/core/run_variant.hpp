// The path of every op call after validation: select the variant (the forced one, the tuning
// cache's under Tuning::measure, else the registry's rules), run it, and (verbose) log what ran,
// where the choice came from, why the entries above it declined, and how long the call took.
#pragma once

#include "cnnkit/context.hpp"
#include "core/registry.hpp"
#include "core/tune_variant.hpp"
#include "ops/op_lists.hpp"

namespace cnnkit::core {

template <class Op, class T, class... Args>
void run_variant(const typename Op::Problem& problem, const Context& ctx, Args... args) {
  const Exec exec{ctx.threading(), ctx.num_threads()};
  const auto list = variants_of<Op, T>();
  // A forced variant wins over tuning: it is what the caller asked to measure or test.
  if (ctx.tuning() == Tuning::measure && ctx.forced_variant(Op::id).empty())
    return run_tuned<Op, T>(list, problem, ctx, exec, args...);
  run_by_rule<Op, T>(list, problem, ctx, exec, "rule", args...);
}

}  // namespace cnnkit::core

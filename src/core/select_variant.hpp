// Where dispatch decides. Selection = the forced variant if the context forces one (an error if
// it cannot run: a forced run must measure what was asked for), otherwise the first entry of the
// op's ordered list that the CPU, the ISA cap and the threading policy allow and that accepts
// the problem. The reference is last and accepts everything, so unforced selection always
// succeeds.
#pragma once

#include <cstring>
#include <span>
#include <string>
#include <vector>

#include "cnnkit/context.hpp"
#include "cnnkit/error.hpp"
#include "core/registry.hpp"
#include "core/registry_index.hpp"

namespace cnnkit::core {

struct Declined {
  const char* name;
  std::string reason;
};

// Why `v` cannot run this problem under these settings, or "" if it can.
template <class Op, class T>
std::string why_not(const Variant<Op, T>& v, const typename Op::Problem& problem, const Context& ctx,
                    const Exec& exec) {
  std::string block = settings_block(v.isa, v.threading, ctx);
  if (!block.empty()) return block;
  if (v.declines) {
    if (const char* reason = v.declines(problem, exec)) return reason;
  }
  return {};
}

template <class Op, class T>
[[noreturn]] void fail_forced(std::span<const Variant<Op, T>> list, std::string_view forced,
                              const std::string& why, const typename Op::Problem& problem,
                              const Context& ctx, const Exec& exec) {
  std::string can_run;
  for (const auto& v : list)
    if (why_not(v, problem, ctx, exec).empty()) can_run += (can_run.empty() ? "" : ", ") + std::string(v.name);
  throw Error(Status::unsupported,
              std::string(to_string(Op::id)) + " (" + to_string(dtype_of<T>()) + ", " +
                  problem.describe() + "): the forced variant '" + std::string(forced) +
                  "' cannot run: " + why + ". Variants that can run this problem: " + can_run);
}

// `declined`, when not null, receives the entries passed over and why (for the verbose log).
template <class Op, class T>
const Variant<Op, T>& select_variant(std::span<const Variant<Op, T>> list,
                                     const typename Op::Problem& problem, const Context& ctx,
                                     const Exec& exec, std::vector<Declined>* declined) {
  const std::string_view forced = ctx.forced_variant(Op::id);
  if (!forced.empty()) {
    const Exec forced_exec{exec.policy, exec.num_threads, true};
    for (const auto& v : list) {
      if (forced != v.name) continue;
      std::string why = why_not(v, problem, ctx, forced_exec);
      if (!why.empty()) fail_forced(list, forced, why, problem, ctx, forced_exec);
      return v;
    }
    fail_forced(list, forced, std::string("it is not registered for ") + to_string(dtype_of<T>()),
                problem, ctx, exec);
  }
  for (const auto& v : list) {
    // No strings on this path unless the verbose log asked for the reasons: it runs every call.
    if (settings_allow(v.isa, v.threading, ctx)) {
      const char* reason = v.declines ? v.declines(problem, exec) : nullptr;
      if (!reason) return v;
      if (declined) declined->push_back({v.name, reason});
    } else if (declined) {
      declined->push_back({v.name, settings_block(v.isa, v.threading, ctx)});
    }
  }
  throw Error(Status::internal_error, std::string(to_string(Op::id)) +
                                          ": no variant accepted the problem (the reference must "
                                          "be last and accept everything)");
}

}  // namespace cnnkit::core

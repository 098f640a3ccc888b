// One small valid call of each op through the public API, so dispatch behaviour (forcing,
// last_variant, the verbose log) can be checked on the real registries for every op and dtype.
#pragma once

#include <string>

#include "cnnkit/context.hpp"
#include "cnnkit/dispatch.hpp"

namespace cnnkit::test {

// Runs `op` for `dtype` on a small problem with `ctx`. Throws what the op throws.
void call_public_op(OpId op, DType dtype, const Context& ctx);

// A piece of the problem description the verbose log line must contain for that call.
std::string expected_problem_text(OpId op);

}  // namespace cnnkit::test

// The CNNKIT_* environment variables, applied to a context (the global one at first use).
#pragma once

#include "cnnkit/context.hpp"

namespace cnnkit::core {

// Returns `base` with CNNKIT_MAX_ISA, CNNKIT_VARIANT, CNNKIT_THREADING, CNNKIT_NUM_THREADS,
// CNNKIT_VERBOSE and CNNKIT_TUNE applied (and CNNKIT_LATE_THREADS checked); throws Error (invalid_argument) naming the variable when one is malformed.
Context context_from_environment(Context base);

// The same, reading variables through `get` (tests use it to avoid touching the process environment).
Context context_from_environment(Context base, const char* (*get)(const char* name));

}  // namespace cnnkit::core

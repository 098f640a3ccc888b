// The verbose log: one line per op call when the context is verbose (CNNKIT_VERBOSE=1).
#pragma once

#include <string>
#include <vector>

#include "cnnkit/dispatch.hpp"
#include "core/select_variant.hpp"

namespace cnnkit::core {

// "cnnkit: conv2d_fwd f32 x=... -> conv2d_fwd.ref [forced]; declined: a (why), b (why); 0.012 ms"
void log_call(OpId op, DType dtype, const std::string& problem, const char* variant, bool forced,
              const std::vector<Declined>& declined, double seconds);

// Remembers, per thread, the variant that ran last for each op (read by cnnkit::last_variant).
void record_last_variant(OpId op, const char* name);

}  // namespace cnnkit::core

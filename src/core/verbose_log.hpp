// The verbose log: one line per op call when the context is verbose (CNNKIT_VERBOSE=1).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cnnkit/dispatch.hpp"
#include "core/select_variant.hpp"

namespace cnnkit::core {

// "cnnkit: conv2d_fwd f32 x=... -> conv2d_fwd.ref [rule]; declined: a (why), b (why); 0.012 ms".
// `choice` says where the variant came from: "rule" (the registry's order and declines),
// "forced", "tuning cache", or "tuned now: ..." with the candidates' times (cnnkit/tuning.hpp).
void log_call(OpId op, DType dtype, const std::string& problem, const char* variant, std::string_view choice,
              const std::vector<Declined>& declined, double seconds);

// A free-form line through the same sink (tuning-file events).
void log_text(const std::string& line);

// Remembers, per thread, the variant that ran last for each op (read by cnnkit::last_variant).
void record_last_variant(OpId op, const char* name);

}  // namespace cnnkit::core

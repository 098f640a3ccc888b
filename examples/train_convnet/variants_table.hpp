// Which cnnkit variant ran for each layer, read from cnnkit's dispatch log during one training
// step (on a copy of the network, outside the timed epochs), and why the dispatcher chose it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cnnkit/cnnkit.hpp"
#include "convnet.hpp"

namespace train_convnet {

// One parsed dispatch-log line ("cnnkit: <op> <dtype> <problem> -> <variant> [<choice>]...").
struct LoggedCall {
  std::string op, problem, variant, why;
};

struct VariantRow {
  std::string pass, layer, op, shape, variant, why;
};

// Parses one verbose line; throws std::runtime_error if it is not an op call's line.
LoggedCall parse_log_line(const std::string& line);

// Pairs the logged calls with the layers, in order; throws std::runtime_error when the log does
// not follow `plan` (a different op, or a different number of calls).
std::vector<VariantRow> map_calls_to_layers(const std::vector<LoggedCall>& calls, const std::vector<LayerCall>& plan);

// Runs one train_step on a copy of `net` (the trained network is left as it was) with the
// dispatch log captured through cnnkit::set_log_sink, and returns one row per op call. When
// `echo` is set the captured lines also go to stderr (the --verbose stream).
std::vector<VariantRow> capture_train_step_variants(const ConvNet& net, const float* x, const std::int64_t* labels,
                                                    std::int64_t n, const cnnkit::AdamParams& adam,
                                                    const cnnkit::Context& ctx, bool echo);

// "pass | layer | op | shape | variant | why", columns aligned.
std::string format_variants_table(const std::vector<VariantRow>& rows);

}  // namespace train_convnet

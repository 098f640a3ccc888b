// Runs one fixture case (seeds or golden set) through the public cnnkit API under the reference
// context, in float64 or float32, and checks every stored output against the README tolerance.
#pragma once

#include <string>
#include <vector>

#include "reference/tolerance.hpp"
#include "support/fixture.hpp"

namespace cnnkit::test {

// One handler per fixture op (in the *_cases.cpp files).
using CaseHandler = void (*)(const FixtureCase& c, Precision precision);

// The handler of an op, or nullptr when no test knows that op.
CaseHandler case_handler(const std::string& op);
std::vector<std::string> handled_ops();

// Loads <set_dir>/<name> and runs it. Every failure is a GoogleTest failure: an unhandled op,
// a malformed case, an unexpected exception, an output out of tolerance, or a stored array
// that the handler never read (an output nobody checked).
void run_fixture_case(const std::string& set_dir, const std::string& name, const std::string& op,
                      Precision precision);

// The handlers.
void run_zero_pad_case(const FixtureCase& c, Precision precision);
void run_pad_case(const FixtureCase& c, Precision precision);
void run_conv_single_step_case(const FixtureCase& c, Precision precision);
void run_conv2d_case(const FixtureCase& c, Precision precision);
void run_pool2d_case(const FixtureCase& c, Precision precision);
void run_create_mask_case(const FixtureCase& c, Precision precision);
void run_distribute_value_case(const FixtureCase& c, Precision precision);
void run_relu_case(const FixtureCase& c, Precision precision);
void run_dense_case(const FixtureCase& c, Precision precision);
void run_flatten_case(const FixtureCase& c, Precision precision);
void run_softmax_xent_case(const FixtureCase& c, Precision precision);
void run_adam_case(const FixtureCase& c, Precision precision);
void run_convnet_tf_case(const FixtureCase& c, Precision precision);

}  // namespace cnnkit::test

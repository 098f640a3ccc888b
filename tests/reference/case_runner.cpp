#include "reference/case_runner.hpp"

#include <exception>
#include <map>

#include <gtest/gtest.h>

#include "cnnkit/error.hpp"

namespace cnnkit::test {
namespace {

const std::map<std::string, CaseHandler>& handlers() {
  static const std::map<std::string, CaseHandler> table = {
      {"zero_pad", &run_zero_pad_case},
      {"pad", &run_pad_case},
      {"conv_single_step", &run_conv_single_step_case},
      {"conv2d", &run_conv2d_case},
      {"pool2d", &run_pool2d_case},
      {"create_mask_from_window", &run_create_mask_case},
      {"distribute_value", &run_distribute_value_case},
      {"relu", &run_relu_case},
      {"dense", &run_dense_case},
      {"flatten", &run_flatten_case},
      {"softmax_cross_entropy", &run_softmax_xent_case},
      {"adam", &run_adam_case},
      {"convnet_tf", &run_convnet_tf_case},
  };
  return table;
}

}  // namespace

CaseHandler case_handler(const std::string& op) {
  const auto it = handlers().find(op);
  return it == handlers().end() ? nullptr : it->second;
}

std::vector<std::string> handled_ops() {
  std::vector<std::string> ops;
  for (const auto& [op, handler] : handlers()) ops.push_back(op);
  return ops;
}

void run_fixture_case(const std::string& set_dir, const std::string& name, const std::string& op,
                      Precision precision) {
  SCOPED_TRACE("case " + set_dir + "/" + name + " (" + op + ", " + to_string(precision) + ")");
  const CaseHandler handler = case_handler(op);
  if (!handler) {
    ADD_FAILURE() << "no test handles op '" << op << "' of case " << name;
    return;
  }
  try {
    const FixtureCase c = FixtureCase::load(set_dir, name, op);
    handler(c, precision);
    for (const std::string& unread : c.unread_arrays())
      ADD_FAILURE() << name << "/" << unread << ".npy is stored but was never checked";
  } catch (const cnnkit::Error& e) {
    ADD_FAILURE() << "unexpected cnnkit::Error (status " << static_cast<int>(e.status()) << "): " << e.what();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "exception: " << e.what();
  }
}

}  // namespace cnnkit::test

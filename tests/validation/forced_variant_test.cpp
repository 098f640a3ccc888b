// Forcing a variant never falls back silently: a forced call either runs exactly that variant or
// fails with `unsupported` (through both APIs), leaving every buffer untouched. Uses each op
// table's baseline call (the global context is forced, then restored).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <set>
#include <utility>

#include "validation/validation_rule.hpp"

namespace cnnkit::test::validation {
namespace {

// The op a public function dispatches to, by the function's name in the rule tables.
std::optional<OpId> op_of(const std::string& function) {
  static const std::map<std::string, OpId> ops{
      {"pad", OpId::pad},
      {"conv2d_forward", OpId::conv2d_fwd},
      {"conv2d_backward_data", OpId::conv2d_bwd_data},
      {"conv2d_backward_weights", OpId::conv2d_bwd_weights},
      {"conv2d_backward_bias", OpId::conv2d_bwd_bias},
      {"pool2d_forward", OpId::pool2d_fwd},
      {"pool2d_backward", OpId::pool2d_bwd},
      {"pool2d_forward_indices", OpId::pool2d_fwd_indices},
      {"pool2d_backward_indices", OpId::pool2d_bwd_indices},
      {"relu_forward", OpId::relu_fwd},
      {"relu_backward", OpId::relu_bwd},
      {"dense_forward", OpId::dense_fwd},
      {"dense_backward_data", OpId::dense_bwd_data},
      {"dense_backward_weights", OpId::dense_bwd_weights},
      {"dense_backward_bias", OpId::dense_bwd_bias},
      {"softmax_cross_entropy", OpId::softmax_xent},
      {"softmax_cross_entropy_index", OpId::softmax_xent},
      {"adam_step", OpId::adam},
  };
  const auto it = ops.find(function);
  return it == ops.end() ? std::nullopt : std::optional<OpId>(it->second);
}

struct Baseline {
  const Rule* rule;
  OpId op;
  DType dtype;
};

// The "<function>_<f32|f64>__baseline" rules of functions that run exactly one op.
std::vector<Baseline> baselines(const std::vector<Rule>& rules) {
  std::vector<Baseline> out;
  for (const Rule& r : rules) {
    const std::string suffix = "__baseline";
    if (r.name.size() < suffix.size() + 4 || r.name.compare(r.name.size() - suffix.size(), suffix.size(), suffix))
      continue;
    const std::string head = r.name.substr(0, r.name.size() - suffix.size());  // "<function>_f32"
    const std::string dtype = head.substr(head.size() - 3);
    if (dtype != "f32" && dtype != "f64") continue;
    if (const auto op = op_of(head.substr(0, head.size() - 4)))
      out.push_back({&r, *op, dtype == "f32" ? DType::f32 : DType::f64});
  }
  return out;
}

// Restores the global context's settings when the test ends, whatever happened.
class GlobalContextGuard {
 public:
  GlobalContextGuard() : saved_(global_context()) {}
  ~GlobalContextGuard() { global_context() = saved_; }
  GlobalContextGuard(const GlobalContextGuard&) = delete;
  GlobalContextGuard& operator=(const GlobalContextGuard&) = delete;

 private:
  Context saved_;
};

// Runs the baseline with `variant` forced on the global context, through both APIs. Expects either
// exactly that variant ran, or `unsupported` naming it with nothing written (must_fail: only that).
void run_forced(const Baseline& b, const std::string& variant, bool must_fail) {
  SCOPED_TRACE(b.rule->name + " forced to " + variant);
  global_context().force_variant(b.op, variant);
  for (int api = 0; api < 2; ++api) {
    Arena arena;
    const Bound call = b.rule->bind(arena);
    arena.snapshot();
    bool failed = false;
    std::string message;
    if (api == 0) {
      try {
        call.cpp();
      } catch (const Error& e) {
        failed = true;
        message = e.what();
        EXPECT_EQ(e.status(), Status::unsupported) << message;
      }
    } else {
      const cnnkit_status status = call.c();
      failed = status != CNNKIT_STATUS_OK;
      message = cnnkit_last_error();
      if (failed) {
        EXPECT_EQ(status, CNNKIT_STATUS_UNSUPPORTED) << message;
      }
    }
    if (failed) {
      EXPECT_THAT(message, ::testing::HasSubstr("the forced variant '" + variant + "' cannot run"));
      EXPECT_EQ(arena.changed(), "") << "a refused forced call wrote memory";
    } else {
      EXPECT_FALSE(must_fail) << (api == 0 ? "C++" : "C") << ": ran a variant the settings rule out";
      EXPECT_EQ(last_variant(b.op), variant) << (api == 0 ? "C++" : "C") << ": another variant ran";
    }
  }
}

TEST(ForcedVariant, RunsExactlyThatVariantOrIsUnsupported) {
  const GlobalContextGuard guard;
  global_context() = Context::defaults();
  const auto rules = all_rules();
  std::set<std::pair<OpId, DType>> covered;
  for (const Baseline& b : baselines(rules)) {
    covered.insert({b.op, b.dtype});
    for (const VariantInfo& v : list_variants(b.op, b.dtype, global_context())) run_forced(b, v.name, false);
  }
  // The tables hold a baseline call for every op and dtype, so every registered variant is forced.
  for (OpId op : all_ops())
    for (DType dtype : {DType::f32, DType::f64})
      EXPECT_TRUE(covered.count({op, dtype})) << "no baseline call for " << to_string(op) << " " << to_string(dtype);
}

TEST(ForcedVariant, OutsideTheIsaCapOrThreadingPolicyIsUnsupported) {
  const GlobalContextGuard guard;
  global_context() = Context::defaults();
  global_context().set_max_isa(Isa::scalar).set_threading(ThreadingPolicy::serial);
  const auto rules = all_rules();
  int refused = 0;
  for (const Baseline& b : baselines(rules))
    for (const VariantInfo& v : list_variants(b.op, b.dtype, global_context()))
      if (!v.runnable) {
        run_forced(b, v.name, true);
        ++refused;
      }
  if (refused == 0) GTEST_SKIP() << "every registered variant is scalar and serial: nothing to refuse yet";
}

}  // namespace
}  // namespace cnnkit::test::validation

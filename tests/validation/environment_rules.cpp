// Validation rules of the CNNKIT_* environment variables (C++ only: the C ABI reads them through
// the global context, once per process). Variables are read through a fake getter, so the
// process environment is never touched.
#include <map>
#include <string>

#include "core/environment.hpp"
#include "validation/validation_rule.hpp"

namespace cnnkit::test::validation {
namespace {

// The fake environment of the call in progress (the getter is a plain function pointer).
thread_local const std::map<std::string, std::string>* fake_environment = nullptr;

const char* fake_getenv(const char* name) {
  const auto it = fake_environment->find(name);
  return it == fake_environment->end() ? nullptr : it->second.c_str();
}

struct EnvironmentCall {
  using Real = void;
  std::map<std::string, std::string> variables{{"CNNKIT_MAX_ISA", "scalar"},
                                               {"CNNKIT_VARIANT", "conv2d_fwd=conv2d_fwd.ref,relu_fwd.ref"},
                                               {"CNNKIT_THREADING", "omp"},
                                               {"CNNKIT_NUM_THREADS", "4"},
                                               {"CNNKIT_VERBOSE", "off"}};

  static EnvironmentCall baseline(Arena&) { return {}; }
  void cpp() const {
    fake_environment = &variables;
    core::context_from_environment(Context::defaults(), fake_getenv);
  }
};

void add(std::vector<Rule>& out) {
  using C = EnvironmentCall;
  const auto set = [](const char* name, const char* value) {
    return [name, value](C& c, Arena&) { c.variables[name] = value; };
  };
  const std::string threads = "expected a thread count >= 0";
  RuleBuilder<C>(out, "environment")
      .succeeds("empty_values_are_unset",
                [](C& c, Arena&) {
                  for (auto& [name, value] : c.variables) value.clear();
                })
      .fails("max_isa_unknown",
             {"environment variable CNNKIT_MAX_ISA='avx1024'", "expected one of scalar, sse4_2, avx2_fma, avx512"},
             set("CNNKIT_MAX_ISA", "avx1024"))
      .fails("variant_unknown", {"CNNKIT_VARIANT='conv2d_fwd=conv2d_fwd.nope'", valid_variant_choices(OpId::conv2d_fwd)},
             set("CNNKIT_VARIANT", "conv2d_fwd=conv2d_fwd.nope"))
      .fails("variant_of_unknown_op", {"CNNKIT_VARIANT='conv9d.ref'", "is not an op"},
             set("CNNKIT_VARIANT", "conv9d.ref"))
      .fails("variant_of_another_op", {"CNNKIT_VARIANT='conv2d_fwd=pool2d_fwd.ref'", "not a variant of conv2d_fwd"},
             set("CNNKIT_VARIANT", "relu_fwd.ref, conv2d_fwd=pool2d_fwd.ref"))
      .fails("threading_unknown", {"CNNKIT_THREADING='fast'", "expected one of auto, serial, openmp, tbb"},
             set("CNNKIT_THREADING", "fast"))
      .fails("num_threads_negative", {"CNNKIT_NUM_THREADS='-1'", threads}, set("CNNKIT_NUM_THREADS", "-1"))
      .fails("num_threads_not_a_number", {"CNNKIT_NUM_THREADS='abc'", threads}, set("CNNKIT_NUM_THREADS", "abc"))
      .fails("num_threads_trailing_text", {"CNNKIT_NUM_THREADS='4x'", threads}, set("CNNKIT_NUM_THREADS", "4x"))
      .fails("num_threads_overflows_int", {"CNNKIT_NUM_THREADS='99999999999'", threads},
             set("CNNKIT_NUM_THREADS", "99999999999"))
      .fails("verbose_unknown", {"CNNKIT_VERBOSE='maybe'", "expected 0 or 1"}, set("CNNKIT_VERBOSE", "maybe"));
}

}  // namespace

std::vector<Rule> environment_rules() {
  std::vector<Rule> out;
  add(out);
  return out;
}

}  // namespace cnnkit::test::validation

// Validation rules of adam_step: buffers, every hyperparameter's range, the style value, and
// every pair of the four buffers overlapping.
#include <cmath>
#include <limits>
#include <string>
#include <type_traits>

#include "validation/c_abi_calls.hpp"
#include "validation/validation_rule.hpp"

namespace cnnkit::test::validation {
namespace {

template <class T>
struct AdamCall {
  using Real = T;
  VectorView<T> param;
  VectorView<const T> grad;
  VectorView<T> m, v;
  AdamParams p;
  bool c_params_null = false;
  int c_decoupled = -1;  // >= 0: the raw int the C struct carries instead

  static AdamCall baseline(Arena& a) {
    AdamCall c{{a.values<T>(6), 6}, {a.values<T>(6), 6}, {a.values<T>(6), 6}, {a.values<T>(6), 6}, {}};
    c.p.step = 3;
    return c;
  }
  void cpp() const { adam_step<T>(param, grad, m, v, p); }
  cnnkit_status c() const {
    cnnkit_adam_params cp = to_c(p);
    if (c_decoupled >= 0) cp.decoupled_weight_decay = c_decoupled;
    return c_abi::adam_step<T>(nullptr, param.data, param.size, grad.data, grad.size, m.data, m.size, v.data,
                               v.size, c_params_null ? nullptr : &cp);
  }
};

template <class T>
void add(std::vector<Rule>& out) {
  using C = AdamCall<T>;
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  constexpr double inf = std::numeric_limits<double>::infinity();
  const std::vector<std::string> lr{"'params.lr'", "a finite learning rate >= 0"};
  const std::vector<std::string> beta1{"'params.beta1'", "a value in [0, 1)"};
  const std::vector<std::string> beta2{"'params.beta2'", "a value in [0, 1)"};
  const std::vector<std::string> eps{"'params.eps'", "a finite value >= 0"};
  const std::vector<std::string> decay{"'params.weight_decay'", "a finite value >= 0"};
  const std::vector<std::string> step{"'params.step'", "the 1-based step number t >= 1"};
  const std::vector<std::string> style{"'params.style'", "one of pytorch (0), tensorflow1 (1)"};
  RuleBuilder<C> b(out, "adam_step");
  b.succeeds("tensorflow1", [](C& c, Arena&) { c.p.style = AdamStyle::tensorflow1; })
      .succeeds("adamw",
                [](C& c, Arena&) {
                  c.p.weight_decay = 0.01;
                  c.p.decoupled_weight_decay = true;
                })
      .succeeds("zero_lr_and_eps", [](C& c, Arena&) { c.p.lr = c.p.eps = 0; })
      .fails("param_null", null_pointer("param"), [](C& c, Arena&) { c.param.data = nullptr; })
      .fails("grad_null", null_pointer("grad"), [](C& c, Arena&) { c.grad.data = nullptr; })
      .fails("m_null", null_pointer("m"), [](C& c, Arena&) { c.m.data = nullptr; })
      .fails("v_null", null_pointer("v"), [](C& c, Arena&) { c.v.data = nullptr; })
      .fails("count_zero", size_positive("param"), [](C& c, Arena&) { c.param.size = 0; })
      .fails("count_negative", size_positive("param"), [](C& c, Arena&) { c.param.size = -6; })
      .fails("count_exceeds_memory", {"'param'", "a size that fits in memory"},
             [](C& c, Arena&) { c.param.size = kHuge; })
      .fails(
          "grad_size_mismatch", {"'grad'", "size 6 (the size of param)", "got 5"},
          [](C& c, Arena&) { c.grad.size = 5; }, Api::cpp_only)
      .fails("grad_size_mismatch_c", {"'grad_size'", "6 (param_size)", "got 5"}, [](C& c, Arena&) { c.grad.size = 5; },
             Api::c_only)
      .fails(
          "m_size_mismatch", {"'m'", "size 6 (the size of param)"}, [](C& c, Arena&) { c.m.size = 7; }, Api::cpp_only)
      .fails("m_size_mismatch_c", {"'m_size'", "6 (param_size)", "got 7"}, [](C& c, Arena&) { c.m.size = 7; },
             Api::c_only)
      .fails(
          "v_size_mismatch", {"'v'", "size 6 (the size of param)"}, [](C& c, Arena&) { c.v.size = 1; }, Api::cpp_only)
      .fails("v_size_mismatch_c", {"'v_size'", "6 (param_size)", "got 1"}, [](C& c, Arena&) { c.v.size = 1; },
             Api::c_only)
      .fails("lr_negative", lr, [](C& c, Arena&) { c.p.lr = -1e-3; })
      .fails("lr_nan", lr, [=](C& c, Arena&) { c.p.lr = nan; })
      .fails("lr_infinite", lr, [=](C& c, Arena&) { c.p.lr = inf; })
      .fails("beta1_negative", beta1, [](C& c, Arena&) { c.p.beta1 = -0.1; })
      .fails("beta1_one", beta1, [](C& c, Arena&) { c.p.beta1 = 1; })
      .fails("beta1_nan", beta1, [=](C& c, Arena&) { c.p.beta1 = nan; })
      .fails("beta2_one", beta2, [](C& c, Arena&) { c.p.beta2 = 1; })
      .fails("beta2_above_one", beta2, [](C& c, Arena&) { c.p.beta2 = 1.5; })
      .fails("eps_negative", eps, [](C& c, Arena&) { c.p.eps = -1e-8; })
      .fails("eps_infinite", eps, [=](C& c, Arena&) { c.p.eps = inf; })
      .fails("weight_decay_negative", decay, [](C& c, Arena&) { c.p.weight_decay = -0.1; })
      .fails("weight_decay_nan", decay, [=](C& c, Arena&) { c.p.weight_decay = nan; })
      .fails("step_zero", step, [](C& c, Arena&) { c.p.step = 0; })
      .fails("step_negative", step, [](C& c, Arena&) { c.p.step = -3; })
      .fails("style_2", with(style, "got value 2"), [](C& c, Arena&) { c.p.style = static_cast<AdamStyle>(2); })
      .fails("style_negative", style, [](C& c, Arena&) { c.p.style = static_cast<AdamStyle>(-1); })
      .fails("weight_decay_with_tensorflow1", {"'params.weight_decay'", "0 with style tensorflow1"},
             [](C& c, Arena&) {
               c.p.style = AdamStyle::tensorflow1;
               c.p.weight_decay = 0.01;
             })
      .fails(
          "params_null", {"'params'", "a non-null cnnkit_adam_params pointer"},
          [](C& c, Arena&) { c.c_params_null = true; }, Api::c_only)
      .fails(
          "decoupled_weight_decay_2", c_boolean("params.decoupled_weight_decay"),
          [](C& c, Arena&) { c.c_decoupled = 2; }, Api::c_only);

  // Hyperparameters finite as doubles but not in T: lr = 1e300 made the float step +-inf.
  const bool f32 = std::is_same_v<T, float>;
  const std::string in_t = std::string("representable in ") + (f32 ? "float" : "double");
  const double beta_near_one = 1 - 0x1p-52;  // 1 - beta1^1 = 2^-52: the step is lr * 2^52
  b.succeeds("step_int64_max", [](C& c, Arena&) { c.p.step = std::numeric_limits<std::int64_t>::max(); })
      .succeeds("eps_smallest_float", [](C& c, Arena&) { c.p.eps = std::numeric_limits<float>::denorm_min(); })
      .succeeds("lr_float_max_beta1_zero", [](C& c, Arena&) {
        c.p.lr = std::numeric_limits<float>::max();
        c.p.beta1 = 0;  // no bias correction: the step is lr itself
      });
  if (f32) {
    b.fails("lr_1e300", {"'params.lr'", in_t, "got 1e+300"}, [](C& c, Arena&) { c.p.lr = 1e300; })
        .fails("lr_just_above_float_max", {"'params.lr'", in_t},
               [](C& c, Arena&) { c.p.lr = std::nextafter(double{std::numeric_limits<float>::max()}, 1e300); })
        .fails("eps_1e300", {"'params.eps'", in_t}, [](C& c, Arena&) { c.p.eps = 1e300; })
        .fails("eps_rounds_to_zero", {"'params.eps'", "0 or a value that stays non-zero in float", "got 1e-50"},
               [](C& c, Arena&) { c.p.eps = 1e-50; })
        .fails("weight_decay_1e300", {"'params.weight_decay'", in_t}, [](C& c, Arena&) { c.p.weight_decay = 1e300; })
        .fails("step_size_overflows_float", {"'params.lr'", "lr / (1 - beta1^step)", in_t},
               [=](C& c, Arena&) {
                 c.p.lr = 1e30;
                 c.p.beta1 = beta_near_one;
                 c.p.step = 1;
               })
        .fails("adamw_factor_overflows_float", {"'params.weight_decay'", "1 - lr * weight_decay", in_t},
               [](C& c, Arena&) {
                 c.p.lr = 1e20;
                 c.p.weight_decay = 1e20;
                 c.p.decoupled_weight_decay = true;
               })
        .fails("tensorflow1_step_size_overflows_float", {"'params.lr'", "(1 - beta1^step)", in_t}, [=](C& c, Arena&) {
          c.p.style = AdamStyle::tensorflow1;
          c.p.lr = 1e30;
          c.p.beta1 = beta_near_one;
          c.p.step = 1;
        });
  } else {
    b.succeeds("lr_1e300", [](C& c, Arena&) { c.p.lr = 1e300; })
        .succeeds("eps_1e_minus_300", [](C& c, Arena&) { c.p.eps = 1e-300; })
        .succeeds("weight_decay_1e300_l2", [](C& c, Arena&) { c.p.weight_decay = 1e300; })
        // Overflowing double itself: lr / 2^-52 and lr * weight_decay are +-inf.
        .fails("step_size_overflows_double", {"'params.lr'", "lr / (1 - beta1^step)", in_t},
               [=](C& c, Arena&) {
                 c.p.lr = 1e300;
                 c.p.beta1 = beta_near_one;
                 c.p.step = 1;
               })
        .fails("adamw_factor_overflows_double", {"'params.weight_decay'", "1 - lr * weight_decay", in_t},
               [](C& c, Arena&) {
                 c.p.lr = 1e200;
                 c.p.weight_decay = 1e200;
                 c.p.decoupled_weight_decay = true;
               });
  }

  // Every pair of buffers sharing memory (the second starts 2 elements into the first).
  const char* names[] = {"param", "grad", "m", "v"};
  for (int i = 0; i < 4; ++i)
    for (int j = i + 1; j < 4; ++j)
      b.fails(std::string(names[i]) + "_overlaps_" + names[j], overlap(names[i], names[j]), [i, j](C& c, Arena& a) {
        T* r = a.values<T>(8);
        const T* data[] = {c.param.data, c.grad.data, c.m.data, c.v.data};
        data[i] = r;
        data[j] = r + 2;
        c.param.data = const_cast<T*>(data[0]);
        c.grad.data = data[1];
        c.m.data = const_cast<T*>(data[2]);
        c.v.data = const_cast<T*>(data[3]);
      });
}

}  // namespace

std::vector<Rule> adam_rules() {
  std::vector<Rule> out;
  add<float>(out);
  add<double>(out);
  return out;
}

}  // namespace cnnkit::test::validation

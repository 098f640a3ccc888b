// adam_step: validation of buffers and hyperparameters, then dispatch.
#include <charconv>
#include <cmath>
#include <limits>
#include <string>
#include <type_traits>

#include "api/arg_check.hpp"
#include "api/instantiate.hpp"
#include "cnnkit/ops.hpp"
#include "core/run_variant.hpp"

namespace cnnkit {
namespace {

// Shortest text that reads back as the same double ("1e+300", not std::to_string's 300 digits).
std::string real_text(double v) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, v);
  return std::string(buffer, result.ptr);
}

// Hyperparameters come as doubles, but every variant computes in T: a value finite as a double
// may not be in float (lr = 1e300 would make the step +-inf and write inf/NaN). So the rule is:
// each hyperparameter is finite and in its range as a double, then at most T's largest value in
// magnitude (so converting it to T is defined and finite), a non-zero eps stays non-zero in T,
// and so does every coefficient the step derives from them (the same formulas, in double, as
// ops::adam_coefficients and the reference). The bias corrections 1 - beta^step lie in (0, 1]
// for any step >= 1 (beta < 1, and pow only underflows to 0 for huge steps), so they cannot
// overflow; dividing by them can, which is what the step-size check catches.
template <class T>
void check_hyperparameters(const api::ArgCheck& check, const AdamParams& a) {
  const auto real = [&](double v, const char* name, bool ok, const char* expected) {
    if (!std::isfinite(v) || !ok) check.fail(name, expected, real_text(v));
  };
  real(a.lr, "params.lr", a.lr >= 0, "a finite learning rate >= 0");
  real(a.beta1, "params.beta1", a.beta1 >= 0 && a.beta1 < 1, "a value in [0, 1)");
  real(a.beta2, "params.beta2", a.beta2 >= 0 && a.beta2 < 1, "a value in [0, 1)");
  real(a.eps, "params.eps", a.eps >= 0, "a finite value >= 0");
  real(a.weight_decay, "params.weight_decay", a.weight_decay >= 0, "a finite value >= 0");
  if (a.step < 1) check.fail("params.step", "the 1-based step number t >= 1", std::to_string(a.step));
  check.enum_value(static_cast<int>(a.style), 2, "params.style", "pytorch (0), tensorflow1 (1)");
  if (a.style == AdamStyle::tensorflow1 && a.weight_decay != 0)
    check.fail("params.weight_decay", "0 with style tensorflow1 (TF1's AdamOptimizer has no weight decay)",
               real_text(a.weight_decay));

  const char* dtype = std::is_same_v<T, float> ? "float" : "double";
  const double largest = std::numeric_limits<T>::max();
  const std::string in_range = std::string(" (at most ") + real_text(largest) + ", the largest " + dtype + ")";
  const auto representable = [&](double v, const char* name) {
    if (v > largest) check.fail(name, std::string("a value representable in ") + dtype + in_range, real_text(v));
  };
  representable(a.lr, "params.lr");
  representable(a.eps, "params.eps");
  representable(a.weight_decay, "params.weight_decay");
  if (a.eps != 0 && static_cast<T>(a.eps) == 0)
    check.fail("params.eps",
               std::string("0 or a value that stays non-zero in ") + dtype + " (at least " +
                   real_text(std::numeric_limits<T>::denorm_min()) + ")",
               real_text(a.eps));

  const double t = static_cast<double>(a.step);
  const double correction1 = 1.0 - std::pow(a.beta1, t), correction2 = 1.0 - std::pow(a.beta2, t);
  const std::string given = "lr " + real_text(a.lr) + ", beta1 " + real_text(a.beta1) + ", beta2 " +
                            real_text(a.beta2) + ", step " + std::to_string(a.step);
  if (a.style == AdamStyle::pytorch) {
    const double step_size = a.lr / correction1;
    if (!(step_size <= largest))  // also false for inf
      check.fail("params.lr",
                 std::string("a learning rate whose bias-corrected step lr / (1 - beta1^step) is representable in ") +
                     dtype + in_range,
                 given + ": step " + real_text(step_size));
    if (a.decoupled_weight_decay && a.weight_decay != 0) {
      const double scale = 1.0 - a.lr * a.weight_decay;
      if (!(std::abs(scale) <= largest))
        check.fail("params.weight_decay",
                   std::string("a weight decay whose AdamW factor 1 - lr * weight_decay is representable in ") + dtype +
                       in_range,
                   "weight_decay " + real_text(a.weight_decay) + " with lr " + real_text(a.lr) + ": factor " +
                       real_text(scale));
    }
  } else {
    const double step_size = a.lr * std::sqrt(correction2) / correction1;
    if (!(step_size <= largest))
      check.fail("params.lr",
                 std::string("a learning rate whose bias-corrected step lr * sqrt(1 - beta2^step) / "
                             "(1 - beta1^step) is representable in ") +
                     dtype + in_range,
                 given + ": step " + real_text(step_size));
  }
}

}  // namespace

template <Real T>
void adam_step(VectorView<T> param, VectorView<const NoDeduce<T>> grad, VectorView<NoDeduce<T>> m,
               VectorView<NoDeduce<T>> v, const AdamParams& params, const Context& ctx) {
  const api::ArgCheck check("cnnkit::adam_step");
  check.not_null(param.data, "param");
  check.not_null(grad.data, "grad");
  check.not_null(m.data, "m");
  check.not_null(v.data, "v");
  const std::int64_t n = check.elements(param.size, "param", sizeof(T));
  const auto same_size = [&](std::int64_t size, const char* name) {
    if (size != n) check.fail(name, "size " + std::to_string(n) + " (the size of param)", std::to_string(size));
  };
  same_size(grad.size, "grad");
  same_size(m.size, "m");
  same_size(v.size, "v");
  check_hyperparameters<T>(check, params);
  const void* buffers[] = {param.data, grad.data, m.data, v.data};
  const char* names[] = {"param", "grad", "m", "v"};
  for (int i = 0; i < 4; ++i)
    for (int j = i + 1; j < 4; ++j) check.no_overlap(buffers[i], n, names[i], buffers[j], n, names[j], sizeof(T));
  core::run_variant<ops::AdamOp, T>(ops::AdamProblem{n, params}, ctx, param.data, grad.data, m.data, v.data);
}

#define CNNKIT_INSTANTIATE(T)                                                                        \
  template void adam_step<T>(VectorView<T>, VectorView<const T>, VectorView<T>, VectorView<T>,      \
                             const AdamParams&, const Context&);
CNNKIT_FOR_EACH_REAL(CNNKIT_INSTANTIATE)

}  // namespace cnnkit

// adam_step: validation of buffers and hyperparameters, then dispatch.
#include <cmath>
#include <string>

#include "api/arg_check.hpp"
#include "api/instantiate.hpp"
#include "cnnkit/ops.hpp"
#include "core/run_variant.hpp"

namespace cnnkit {
namespace {

void check_hyperparameters(const api::ArgCheck& check, const AdamParams& a) {
  const auto real = [&](double v, const char* name, bool ok, const char* expected) {
    if (!std::isfinite(v) || !ok) check.fail(name, expected, std::to_string(v));
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
               std::to_string(a.weight_decay));
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
  check_hyperparameters(check, params);
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

// pool2d_forward / pool2d_backward: validation, then dispatch.
#include "api/arg_check.hpp"
#include "api/checked_geometry.hpp"
#include "api/instantiate.hpp"
#include "cnnkit/ops.hpp"
#include "core/run_variant.hpp"

namespace cnnkit {

template <Real T>
void pool2d_forward(NhwcView<const NoDeduce<T>> x, NhwcView<T> y, const Pool2dParams& params, const Context& ctx) {
  const api::ArgCheck check("cnnkit::pool2d_forward");
  check.not_null(x.data, "x");
  check.not_null(y.data, "y");
  const std::int64_t x_count = check.elements(x.shape, "x", sizeof(T));
  const std::int64_t y_count = check.elements(y.shape, "y", sizeof(T));
  check.same_shape(y.shape, api::checked_pool2d_output_shape(check, x.shape, params), "y",
                   "the pool2d output shape of x with these params");
  check.no_overlap(y.data, y_count, "y", x.data, x_count, "x", sizeof(T));
  core::run_variant<ops::Pool2dFwdOp, T>(ops::Pool2dProblem{x.shape, y.shape, params}, ctx, x.data, y.data);
}

template <Real T>
void pool2d_backward(NhwcView<const NoDeduce<T>> x, NhwcView<const NoDeduce<T>> dy, NhwcView<T> dx,
                     const Pool2dParams& params, const Context& ctx) {
  const api::ArgCheck check("cnnkit::pool2d_backward");
  check.not_null(dy.data, "dy");
  check.not_null(dx.data, "dx");
  const std::int64_t dy_count = check.elements(dy.shape, "dy", sizeof(T));
  const std::int64_t dx_count = check.elements(dx.shape, "dx", sizeof(T));
  const NhwcShape y_shape = api::checked_pool2d_output_shape(check, dx.shape, params);
  if (params.mode == PoolMode::max) check.not_null(x.data, "x");
  if (x.data) check.same_shape(x.shape, dx.shape, "x", "the shape of dx");
  check.same_shape(dy.shape, y_shape, "dy", "the pool2d output shape of dx's shape with these params");
  check.no_overlap(dx.data, dx_count, "dx", dy.data, dy_count, "dy", sizeof(T));
  check.no_overlap(dx.data, dx_count, "dx", x.data, dx_count, "x", sizeof(T));
  const T* x_data = params.mode == PoolMode::max ? x.data : nullptr;
  core::run_variant<ops::Pool2dBwdOp, T>(ops::Pool2dProblem{dx.shape, dy.shape, params}, ctx, x_data, dy.data,
                                         dx.data);
}

#define CNNKIT_INSTANTIATE(T)                                                                                   \
  template void pool2d_forward<T>(NhwcView<const T>, NhwcView<T>, const Pool2dParams&, const Context&);        \
  template void pool2d_backward<T>(NhwcView<const T>, NhwcView<const T>, NhwcView<T>, const Pool2dParams&,     \
                                   const Context&);
CNNKIT_FOR_EACH_REAL(CNNKIT_INSTANTIATE)

}  // namespace cnnkit

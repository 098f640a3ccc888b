// relu_forward / relu_backward: validation, then dispatch. In place is allowed (exact aliasing).
#include "api/arg_check.hpp"
#include "api/instantiate.hpp"
#include "cnnkit/ops.hpp"
#include "core/run_variant.hpp"

namespace cnnkit {

template <Real T>
void relu_forward(VectorView<const NoDeduce<T>> x, VectorView<T> y, const Context& ctx) {
  const api::ArgCheck check("cnnkit::relu_forward");
  check.not_null(x.data, "x");
  check.not_null(y.data, "y");
  check.elements(x.size, "x", sizeof(T));
  if (y.size != x.size) check.fail("y", "size " + std::to_string(x.size) + " (the size of x)", std::to_string(y.size));
  check.disjoint_or_same(y.data, y.size, "y", x.data, x.size, "x", sizeof(T));
  core::run_variant<ops::ReluFwdOp, T>(ops::EltwiseProblem{x.size, y.data == x.data}, ctx, x.data, y.data);
}

template <Real T>
void relu_backward(VectorView<const NoDeduce<T>> x, VectorView<const NoDeduce<T>> dy, VectorView<T> dx,
                   const Context& ctx) {
  const api::ArgCheck check("cnnkit::relu_backward");
  check.not_null(x.data, "x");
  check.not_null(dy.data, "dy");
  check.not_null(dx.data, "dx");
  check.elements(x.size, "x", sizeof(T));
  if (dy.size != x.size) check.fail("dy", "size " + std::to_string(x.size) + " (the size of x)", std::to_string(dy.size));
  if (dx.size != x.size) check.fail("dx", "size " + std::to_string(x.size) + " (the size of x)", std::to_string(dx.size));
  check.disjoint_or_same(dx.data, dx.size, "dx", dy.data, dy.size, "dy", sizeof(T));
  check.disjoint_or_same(dx.data, dx.size, "dx", x.data, x.size, "x", sizeof(T));
  const bool in_place = dx.data == dy.data || dx.data == x.data;
  core::run_variant<ops::ReluBwdOp, T>(ops::EltwiseProblem{x.size, in_place}, ctx, x.data, dy.data, dx.data);
}

#define CNNKIT_INSTANTIATE(T)                                                                   \
  template void relu_forward<T>(VectorView<const T>, VectorView<T>, const Context&);           \
  template void relu_backward<T>(VectorView<const T>, VectorView<const T>, VectorView<T>, const Context&);
CNNKIT_FOR_EACH_REAL(CNNKIT_INSTANTIATE)

}  // namespace cnnkit

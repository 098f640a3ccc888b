// pool2d_forward / pool2d_backward with saved indices (max pooling only): validation, then dispatch.
#include <cstdint>
#include <limits>
#include <string>

#include "api/arg_check.hpp"
#include "api/checked_geometry.hpp"
#include "api/instantiate.hpp"
#include "cnnkit/ops.hpp"
#include "core/run_variant.hpp"

namespace cnnkit {
namespace {

std::int64_t bytes(std::int64_t count, std::size_t element_size) {
  return count * static_cast<std::int64_t>(element_size);
}

// Indices name cells of an input plane as int32: h * w must fit.
void check_plane(const api::ArgCheck& check, const NhwcShape& plane, const char* argument) {
  if (plane.h * plane.w > std::numeric_limits<std::int32_t>::max())
    check.fail(argument, "an input plane of at most 2147483647 cells (h * w; indices are int32)",
               std::to_string(plane.h) + " x " + std::to_string(plane.w) + " = " + std::to_string(plane.h * plane.w));
}

void check_max(const api::ArgCheck& check, const Pool2dParams& params) {
  check.enum_value(static_cast<int>(params.mode), 2, "params.mode", "PoolMode::max or PoolMode::avg");
  if (params.mode != PoolMode::max)
    check.fail("params.mode", "PoolMode::max (saved indices exist for max pooling only)", "PoolMode::avg");
}

}  // namespace

template <Real T>
void pool2d_forward(NhwcView<const NoDeduce<T>> x, NhwcView<T> y, NhwcView<std::int32_t> indices,
                    const Pool2dParams& params, const Context& ctx) {
  const api::ArgCheck check("cnnkit::pool2d_forward");
  check.not_null(x.data, "x");
  check.not_null(y.data, "y");
  check.not_null(indices.data, "indices");
  const std::int64_t x_count = check.elements(x.shape, "x", sizeof(T));
  const std::int64_t y_count = check.elements(y.shape, "y", sizeof(T));
  const std::int64_t i_count = check.elements(indices.shape, "indices", sizeof(std::int32_t));
  const NhwcShape y_shape = api::checked_pool2d_output_shape(check, x.shape, params);
  check_max(check, params);
  check_plane(check, x.shape, "x");
  check.same_shape(y.shape, y_shape, "y", "the pool2d output shape of x with these params");
  check.same_shape(indices.shape, y_shape, "indices", "y's shape");
  check.no_overlap(y.data, y_count, "y", x.data, x_count, "x", sizeof(T));
  check.no_overlap(indices.data, bytes(i_count, sizeof(std::int32_t)), "indices", x.data, bytes(x_count, sizeof(T)), "x",
                   1);
  check.no_overlap(indices.data, bytes(i_count, sizeof(std::int32_t)), "indices", y.data, bytes(y_count, sizeof(T)), "y",
                   1);
  core::run_variant<ops::Pool2dFwdIndicesOp, T>(ops::Pool2dProblem{x.shape, y.shape, params}, ctx, x.data, y.data,
                                                indices.data);
}

template <Real T>
void detail::pool2d_backward_from_indices(NhwcView<const std::int32_t> indices, NhwcView<const T> dy, NhwcView<T> dx,
                                          const Pool2dParams& params, const Context& ctx) {
  const api::ArgCheck check("cnnkit::pool2d_backward");
  check.not_null(indices.data, "indices");
  check.not_null(dy.data, "dy");
  check.not_null(dx.data, "dx");
  const std::int64_t i_count = check.elements(indices.shape, "indices", sizeof(std::int32_t));
  const std::int64_t dy_count = check.elements(dy.shape, "dy", sizeof(T));
  const std::int64_t dx_count = check.elements(dx.shape, "dx", sizeof(T));
  const NhwcShape y_shape = api::checked_pool2d_output_shape(check, dx.shape, params);
  check_max(check, params);
  check.enum_value(static_cast<int>(params.ties), 2, "params.ties", "TiePolicy::first or TiePolicy::all");
  if (params.ties == TiePolicy::all)
    check.fail("params.ties", "TiePolicy::first (one saved index names one winner; use the x-based backward for ties = all)",
               "TiePolicy::all");
  check_plane(check, dx.shape, "dx");
  check.same_shape(dy.shape, y_shape, "dy", "the pool2d output shape of dx's shape with these params");
  check.same_shape(indices.shape, dy.shape, "indices", "dy's shape");
  // indices first: a dx laid over the indices (larger than them) may reach dy too, and the report
  // should name the buffer the caller aliased.
  check.no_overlap(dx.data, bytes(dx_count, sizeof(T)), "dx", indices.data, bytes(i_count, sizeof(std::int32_t)),
                   "indices", 1);
  check.no_overlap(dx.data, dx_count, "dx", dy.data, dy_count, "dy", sizeof(T));
  std::int64_t bad = -1;
  const ops::Pool2dProblem problem{dx.shape, dy.shape, params};
  core::run_variant<ops::Pool2dBwdIndicesOp, T>(problem, ctx, indices.data, dy.data, dx.data, &bad);
  if (bad >= 0) {
    const NhwcShape& s = dy.shape;
    const std::int64_t c = bad % s.c, w = bad / s.c % s.w, h = bad / s.c / s.w % s.h, n = bad / s.c / s.w / s.h;
    check.fail("indices",
               "the plane index (h * " + std::to_string(dx.shape.w) + " + w) of a cell of its pooling window everywhere",
               std::to_string(indices.data[bad]) + " at position " + std::to_string(bad) + " (n=" + std::to_string(n) +
                   ", h=" + std::to_string(h) + ", w=" + std::to_string(w) + ", c=" + std::to_string(c) +
                   "); dx is unspecified");
  }
}

#define CNNKIT_INSTANTIATE(T)                                                                                      \
  template void pool2d_forward<T>(NhwcView<const T>, NhwcView<T>, NhwcView<std::int32_t>, const Pool2dParams&,     \
                                  const Context&);                                                                 \
  template void detail::pool2d_backward_from_indices<T>(NhwcView<const std::int32_t>, NhwcView<const T>,         \
                                                       NhwcView<T>, const Pool2dParams&, const Context&);
CNNKIT_FOR_EACH_REAL(CNNKIT_INSTANTIATE)

}  // namespace cnnkit

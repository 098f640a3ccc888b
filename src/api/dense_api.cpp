// dense_forward and the three dense gradients: validation, then dispatch.
#include <string>

#include "api/arg_check.hpp"
#include "api/instantiate.hpp"
#include "cnnkit/ops.hpp"
#include "core/run_variant.hpp"

namespace cnnkit {
namespace {

std::string shape_text(std::int64_t rows, std::int64_t cols) {
  std::string s = "(";
  s += std::to_string(rows);
  s += ", ";
  s += std::to_string(cols);
  s += ")";
  return s;
}

// A non-null, well-formed matrix; returns its element count.
template <class V>
std::int64_t matrix(const api::ArgCheck& check, const V& m, const char* name, std::size_t element_size) {
  check.not_null(m.data, name);
  return check.elements(m.rows, m.cols, name, element_size);
}

template <class V>
void expect_shape(const api::ArgCheck& check, const V& m, const char* name, std::int64_t rows, std::int64_t cols,
                  const char* why) {
  if (m.rows != rows || m.cols != cols)
    check.fail(name, "shape " + shape_text(rows, cols) + " (" + why + ")", shape_text(m.rows, m.cols));
}

template <class T>
ops::DenseProblem forward_problem(const api::ArgCheck& check, MatrixView<const T> x, MatrixView<const T> w,
                                  VectorView<const T> bias, MatrixView<T> y) {
  const std::int64_t nx = matrix(check, x, "x", sizeof(T));
  const std::int64_t nw = matrix(check, w, "w", sizeof(T));
  const std::int64_t ny = matrix(check, y, "y", sizeof(T));
  expect_shape(check, w, "w", x.cols, w.cols, "rows = n_in, the columns of x");
  expect_shape(check, y, "y", x.rows, w.cols, "m = the rows of x, n_out = the columns of w");
  if (bias.data && bias.size != w.cols)
    check.fail("bias", "size n_out = " + std::to_string(w.cols), std::to_string(bias.size));
  if (!bias.data && bias.size != 0)
    check.fail("bias", "an empty view for no bias, or non-null data", "null data with size " + std::to_string(bias.size));
  check.no_overlap(y.data, ny, "y", x.data, nx, "x", sizeof(T));
  check.no_overlap(y.data, ny, "y", w.data, nw, "w", sizeof(T));
  check.no_overlap(y.data, ny, "y", bias.data, bias.size, "bias", sizeof(T));
  return {x.rows, x.cols, w.cols, bias.data != nullptr};
}

template <class T>
ops::DenseProblem data_problem(const api::ArgCheck& check, MatrixView<const T> dy, MatrixView<const T> w,
                               MatrixView<T> dx) {
  const std::int64_t ndy = matrix(check, dy, "dy", sizeof(T));
  const std::int64_t nw = matrix(check, w, "w", sizeof(T));
  const std::int64_t ndx = matrix(check, dx, "dx", sizeof(T));
  expect_shape(check, w, "w", w.rows, dy.cols, "columns = n_out, the columns of dy");
  expect_shape(check, dx, "dx", dy.rows, w.rows, "m = the rows of dy, n_in = the rows of w");
  check.no_overlap(dx.data, ndx, "dx", dy.data, ndy, "dy", sizeof(T));
  check.no_overlap(dx.data, ndx, "dx", w.data, nw, "w", sizeof(T));
  return {dy.rows, w.rows, w.cols, false};
}

template <class T>
ops::DenseProblem weights_problem(const api::ArgCheck& check, MatrixView<const T> x, MatrixView<const T> dy,
                                  MatrixView<T> dw) {
  const std::int64_t nx = matrix(check, x, "x", sizeof(T));
  const std::int64_t ndy = matrix(check, dy, "dy", sizeof(T));
  const std::int64_t ndw = matrix(check, dw, "dw", sizeof(T));
  expect_shape(check, dy, "dy", x.rows, dy.cols, "m = the rows of x");
  expect_shape(check, dw, "dw", x.cols, dy.cols, "n_in = the columns of x, n_out = the columns of dy");
  check.no_overlap(dw.data, ndw, "dw", x.data, nx, "x", sizeof(T));
  check.no_overlap(dw.data, ndw, "dw", dy.data, ndy, "dy", sizeof(T));
  return {x.rows, x.cols, dy.cols, false};
}

template <class T>
ops::DenseProblem bias_problem(const api::ArgCheck& check, MatrixView<const T> dy, VectorView<T> db) {
  const std::int64_t ndy = matrix(check, dy, "dy", sizeof(T));
  check.not_null(db.data, "db");
  if (db.size != dy.cols)
    check.fail("db", "size n_out = " + std::to_string(dy.cols) + " (the columns of dy)", std::to_string(db.size));
  check.no_overlap(db.data, db.size, "db", dy.data, ndy, "dy", sizeof(T));
  return {dy.rows, 0, dy.cols, false};
}

}  // namespace

template <Real T>
void dense_forward(MatrixView<const NoDeduce<T>> x, MatrixView<const NoDeduce<T>> w,
                   VectorView<const NoDeduce<T>> bias, MatrixView<T> y, const Context& ctx) {
  const auto p = forward_problem<T>(api::ArgCheck("cnnkit::dense_forward"), x, w, bias, y);
  core::run_variant<ops::DenseFwdOp, T>(p, ctx, x.data, w.data, p.has_bias ? bias.data : nullptr, y.data);
}

template <Real T>
void dense_backward_data(MatrixView<const NoDeduce<T>> dy, MatrixView<const NoDeduce<T>> w, MatrixView<T> dx,
                         const Context& ctx) {
  const auto p = data_problem<T>(api::ArgCheck("cnnkit::dense_backward_data"), dy, w, dx);
  core::run_variant<ops::DenseBwdDataOp, T>(p, ctx, dy.data, w.data, dx.data);
}

template <Real T>
void dense_backward_weights(MatrixView<const NoDeduce<T>> x, MatrixView<const NoDeduce<T>> dy, MatrixView<T> dw,
                            const Context& ctx) {
  const auto p = weights_problem<T>(api::ArgCheck("cnnkit::dense_backward_weights"), x, dy, dw);
  core::run_variant<ops::DenseBwdWeightsOp, T>(p, ctx, x.data, dy.data, dw.data);
}

template <Real T>
void dense_backward_bias(MatrixView<const NoDeduce<T>> dy, VectorView<T> db, const Context& ctx) {
  const auto p = bias_problem<T>(api::ArgCheck("cnnkit::dense_backward_bias"), dy, db);
  core::run_variant<ops::DenseBwdBiasOp, T>(p, ctx, dy.data, db.data);
}

template <Real T>
void dense_backward(MatrixView<const NoDeduce<T>> x, MatrixView<const NoDeduce<T>> w,
                    MatrixView<const NoDeduce<T>> dy, MatrixView<T> dx, MatrixView<NoDeduce<T>> dw,
                    VectorView<NoDeduce<T>> db, const Context& ctx) {
  // Everything is validated before anything runs, so a bad db leaves dx untouched too. Element
  // counts come only from matrices that were validated: an output left out (null) may carry any
  // shape, e.g. n_in = INT64_MAX in a call that asks only for db, and its count is 0 (absent).
  const api::ArgCheck check("cnnkit::dense_backward");
  if (!dx.data && !dw.data && !db.data) check.fail("dx, dw, db", "at least one non-null output", "none");
  ops::DenseProblem pd{}, pw{}, pb{};
  std::int64_t ndx = 0, ndw = 0, nx = 0, nw = 0;
  if (dx.data) {
    pd = data_problem<T>(check, dy, w, dx);
    ndx = pd.m * pd.n_in;
    nw = pd.n_in * pd.n_out;
  }
  if (dw.data) {
    pw = weights_problem<T>(check, x, dy, dw);
    nw = matrix(check, w, "w", sizeof(T));
    expect_shape(check, x, "x", dy.rows, w.rows, "m = the rows of dy, n_in = the rows of w");
    ndw = pw.n_in * pw.n_out;
    nx = pw.m * pw.n_in;
  }
  if (db.data) pb = bias_problem<T>(check, dy, db);
  const std::int64_t ndb = db.data ? db.size : 0;
  const auto overlap = [&](const void* a, std::int64_t na, const char* an, const void* b, std::int64_t nb,
                           const char* bn) { check.no_overlap(a, na, an, b, nb, bn, sizeof(T)); };
  overlap(dx.data, ndx, "dx", dw.data, ndw, "dw");
  overlap(dx.data, ndx, "dx", db.data, ndb, "db");
  overlap(dw.data, ndw, "dw", db.data, ndb, "db");
  // The three run one after another, so an output must not overlap an input a later one reads
  // either (dx written over x would corrupt dw). x and w are only read when they were validated.
  overlap(dx.data, ndx, "dx", x.data, nx, "x");
  overlap(dw.data, ndw, "dw", w.data, nw, "w");
  overlap(db.data, ndb, "db", x.data, nx, "x");
  overlap(db.data, ndb, "db", w.data, nw, "w");
  if (dx.data) core::run_variant<ops::DenseBwdDataOp, T>(pd, ctx, dy.data, w.data, dx.data);
  if (dw.data) core::run_variant<ops::DenseBwdWeightsOp, T>(pw, ctx, x.data, dy.data, dw.data);
  if (db.data) core::run_variant<ops::DenseBwdBiasOp, T>(pb, ctx, dy.data, db.data);
}

#define CNNKIT_INSTANTIATE(T)                                                                                   \
  template void dense_forward<T>(MatrixView<const T>, MatrixView<const T>, VectorView<const T>, MatrixView<T>, \
                                 const Context&);                                                              \
  template void dense_backward_data<T>(MatrixView<const T>, MatrixView<const T>, MatrixView<T>, const Context&); \
  template void dense_backward_weights<T>(MatrixView<const T>, MatrixView<const T>, MatrixView<T>,              \
                                          const Context&);                                                     \
  template void dense_backward_bias<T>(MatrixView<const T>, VectorView<T>, const Context&);                    \
  template void dense_backward<T>(MatrixView<const T>, MatrixView<const T>, MatrixView<const T>, MatrixView<T>, \
                                  MatrixView<T>, VectorView<T>, const Context&);
CNNKIT_FOR_EACH_REAL(CNNKIT_INSTANTIATE)

}  // namespace cnnkit

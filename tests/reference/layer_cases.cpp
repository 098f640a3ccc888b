// Fixture ops relu, dense, flatten and softmax_cross_entropy.
#include "cnnkit/ops.hpp"
#include "reference/case_io.hpp"
#include "reference/case_runner.hpp"
#include "reference/reference_context.hpp"

namespace cnnkit::test {
namespace {

template <class T>
void relu_case(const FixtureCase& c) {
  const CaseIo<T> io(c);
  const Context& ctx = reference_context();
  const std::vector<std::int64_t> shape = io.shape("x");
  if (io.shape("dy") != shape) throw FixtureError(c.dir() + "/dy.npy: expected the shape of x");
  const std::vector<T> x = io.input("x"), dy = io.input("dy");
  const auto n = static_cast<std::int64_t>(x.size());
  std::vector<T> y(x.size()), dx(x.size());
  relu_forward<T>({x.data(), n}, {y.data(), n}, ctx);
  relu_backward<T>({x.data(), n}, {dy.data(), n}, {dx.data(), n}, ctx);
  io.check("y", shape, y);
  io.check("dx", shape, dx);
  // Both directions are documented to work in place; the result must not change.
  std::vector<T> y_in_place = x, dx_in_place = dy;
  relu_forward<T>({y_in_place.data(), n}, {y_in_place.data(), n}, ctx);
  relu_backward<T>({x.data(), n}, {dx_in_place.data(), n}, {dx_in_place.data(), n}, ctx);
  io.check("y", shape, y_in_place);
  io.check("dx", shape, dx_in_place);
}

template <class T>
void dense_case(const FixtureCase& c) {
  const CaseIo<T> io(c);
  const Context& ctx = reference_context();
  const auto [m, n_in] = io.matrix("x");
  const auto [w_rows, n_out] = io.matrix("w");
  if (w_rows != n_in || c.int_param("n_in") != n_in || c.int_param("n_out") != n_out)
    throw FixtureError(c.dir() + ": x, w and params n_in/n_out disagree");
  const std::vector<T> x = io.input("x"), w = io.input("w"), dy = io.input("dy");
  if (io.matrix("dy") != std::pair{m, n_out}) throw FixtureError(c.dir() + "/dy.npy: expected (m, n_out)");
  std::vector<T> b;
  if (c.has_array("b")) b = io.input("b");
  const VectorView<const T> bias = b.empty() ? VectorView<const T>{} : VectorView<const T>{b.data(), n_out};

  std::vector<T> y(m * n_out), dx(m * n_in), dw(n_in * n_out), db(n_out);
  dense_forward<T>({x.data(), m, n_in}, {w.data(), n_in, n_out}, bias, {y.data(), m, n_out}, ctx);
  dense_backward_data<T>({dy.data(), m, n_out}, {w.data(), n_in, n_out}, {dx.data(), m, n_in}, ctx);
  dense_backward_weights<T>({x.data(), m, n_in}, {dy.data(), m, n_out}, {dw.data(), n_in, n_out}, ctx);
  dense_backward_bias<T>({dy.data(), m, n_out}, {db.data(), n_out}, ctx);
  io.check("y", {m, n_out}, y);
  io.check("dx", {m, n_in}, dx);
  io.check("dw", {n_in, n_out}, dw);
  io.check("db", {n_out}, db);

  // The combined call runs the same three ops.
  std::vector<T> dx2(dx.size()), dw2(dw.size()), db2(db.size());
  dense_backward<T>({x.data(), m, n_in}, {w.data(), n_in, n_out}, {dy.data(), m, n_out}, {dx2.data(), m, n_in},
                    {dw2.data(), n_in, n_out}, {db2.data(), n_out}, ctx);
  EXPECT_EQ(dx2, dx);
  EXPECT_EQ(dw2, dw);
  EXPECT_EQ(db2, db);
}

template <class T>
void flatten_case(const FixtureCase& c) {
  const CaseIo<T> io(c);
  const NhwcShape xs = io.nhwc("x");
  const std::vector<T> x = io.input("x");
  const MatrixView<const T> f = flatten(NhwcView<const T>(x.data(), xs));
  EXPECT_EQ(f.data, x.data()) << "flatten must not move data";
  io.check("y", {f.rows, f.cols}, std::vector<T>(f.data, f.data + f.rows * f.cols));
}

template <class T>
void softmax_xent_case(const FixtureCase& c) {
  const CaseIo<T> io(c);
  const Context& ctx = reference_context();
  const auto [m, k] = io.matrix("x");
  const std::vector<T> x = io.input("x");
  const NpyArray labels = c.array("labels");
  std::vector<T> dx(x.size());
  T loss = 0, loss_only = 0;
  if (labels.type == NpyType::i64) {
    if (labels.shape != std::vector<std::int64_t>{m}) throw FixtureError(c.dir() + "/labels.npy: expected (m,) indices");
    const VectorView<const std::int64_t> idx(labels.i64.data(), m);
    loss = softmax_cross_entropy<T>({x.data(), m, k}, idx, {dx.data(), m, k}, ctx);
    loss_only = softmax_cross_entropy<T>({x.data(), m, k}, idx, MatrixView<T>{}, ctx);
  } else {
    if (labels.shape != std::vector<std::int64_t>{m, k}) throw FixtureError(c.dir() + "/labels.npy: expected (m, k)");
    const std::vector<double> l64 = labels.f64;
    const std::vector<T> l(l64.begin(), l64.end());
    loss = softmax_cross_entropy<T>({x.data(), m, k}, MatrixView<const T>{l.data(), m, k}, {dx.data(), m, k}, ctx);
    loss_only = softmax_cross_entropy<T>({x.data(), m, k}, MatrixView<const T>{l.data(), m, k}, MatrixView<T>{}, ctx);
  }
  io.check_scalar("loss", loss);
  io.check("dx", {m, k}, dx);
  EXPECT_EQ(loss_only, loss) << "the loss must not depend on whether the gradient is asked for";
}

}  // namespace

void run_relu_case(const FixtureCase& c, Precision precision) {
  precision == Precision::f64 ? relu_case<double>(c) : relu_case<float>(c);
}

void run_dense_case(const FixtureCase& c, Precision precision) {
  precision == Precision::f64 ? dense_case<double>(c) : dense_case<float>(c);
}

void run_flatten_case(const FixtureCase& c, Precision precision) {
  precision == Precision::f64 ? flatten_case<double>(c) : flatten_case<float>(c);
}

void run_softmax_xent_case(const FixtureCase& c, Precision precision) {
  precision == Precision::f64 ? softmax_xent_case<double>(c) : softmax_xent_case<float>(c);
}

}  // namespace cnnkit::test

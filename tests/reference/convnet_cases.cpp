// Fixture op convnet_tf: seed 002's TensorFlow ConvNet, forward and backward, composed from cnnkit
// ops exactly as a user would write it:
//   conv1 (SAME pads from params, no bias) -> relu -> maxpool -> conv2 -> relu -> maxpool
//   -> flatten (NHWC) -> dense -> softmax cross-entropy (the seed's non-one-hot labels)
// and back to dw3, db3, dw2, dw1 and dx. Every stored intermediate is compared.
#include "cnnkit/geometry.hpp"
#include "cnnkit/ops.hpp"
#include "reference/case_io.hpp"
#include "reference/case_params.hpp"
#include "reference/case_runner.hpp"
#include "reference/reference_context.hpp"

namespace cnnkit::test {
namespace {

Conv2dParams conv_layer(const FixtureCase& c, const std::string& layer) {
  Conv2dParams p;
  p.stride_h = p.stride_w = c.int_param(layer + "_stride");
  p.pad = padding_params(c, layer + "_");
  return p;
}

Pool2dParams pool_layer(const FixtureCase& c, const std::string& layer) {
  Pool2dParams p;
  p.mode = PoolMode::max;
  p.kernel_h = p.kernel_w = c.int_param(layer + "_k");
  p.stride_h = p.stride_w = c.int_param(layer + "_stride");
  p.pad = padding_params(c, layer + "_");
  p.ties = tie_policy(c);
  return p;
}

template <class T>
std::vector<T> sized(const NhwcShape& s) {
  return std::vector<T>(count(s));
}

template <class T>
void convnet_case(const FixtureCase& c) {
  const CaseIo<T> io(c);
  const Context& ctx = reference_context();
  const Conv2dParams conv1 = conv_layer(c, "conv1"), conv2 = conv_layer(c, "conv2");
  const Pool2dParams pool1 = pool_layer(c, "pool1"), pool2 = pool_layer(c, "pool2");

  const NhwcShape xs = io.nhwc("x");
  const HwioShape w1s = io.hwio("w1"), w2s = io.hwio("w2");
  const auto [n_in, n_out] = io.matrix("w3");
  const std::vector<T> x = io.input("x"), w1 = io.input("w1"), w2 = io.input("w2"), w3 = io.input("w3"),
                       b3 = io.input("b3"), labels = io.input("labels");
  if (io.matrix("labels") != std::pair{xs.n, n_out}) throw FixtureError(c.dir() + "/labels.npy: expected (m, 6)");

  // The stored pads must be TensorFlow's SAME rule for each layer's input.
  const auto same = [](const NhwcShape& in, std::int64_t kh, std::int64_t kw, std::int64_t stride) {
    return same_padding(in.h, in.w, kh, kw, stride, stride);
  };

  // ---- forward
  EXPECT_EQ(conv1.pad, same(xs, w1s.kh, w1s.kw, conv1.stride_h)) << "conv1 pads are not SAME";
  const NhwcShape z1s = conv2d_output_shape(xs, w1s, conv1);
  std::vector<T> z1 = sized<T>(z1s), a1 = sized<T>(z1s);
  conv2d_forward<T>({x.data(), xs}, {w1.data(), w1s}, {}, {z1.data(), z1s}, conv1, ctx);
  relu_forward<T>({z1.data(), count(z1s)}, {a1.data(), count(z1s)}, ctx);
  EXPECT_EQ(pool1.pad, same(z1s, pool1.kernel_h, pool1.kernel_w, pool1.stride_h)) << "pool1 pads are not SAME";
  const NhwcShape p1s = pool2d_output_shape(z1s, pool1);
  std::vector<T> p1 = sized<T>(p1s);
  pool2d_forward<T>({a1.data(), z1s}, {p1.data(), p1s}, pool1, ctx);

  EXPECT_EQ(conv2.pad, same(p1s, w2s.kh, w2s.kw, conv2.stride_h)) << "conv2 pads are not SAME";
  const NhwcShape z2s = conv2d_output_shape(p1s, w2s, conv2);
  std::vector<T> z2 = sized<T>(z2s), a2 = sized<T>(z2s);
  conv2d_forward<T>({p1.data(), p1s}, {w2.data(), w2s}, {}, {z2.data(), z2s}, conv2, ctx);
  relu_forward<T>({z2.data(), count(z2s)}, {a2.data(), count(z2s)}, ctx);
  EXPECT_EQ(pool2.pad, same(z2s, pool2.kernel_h, pool2.kernel_w, pool2.stride_h)) << "pool2 pads are not SAME";
  const NhwcShape p2s = pool2d_output_shape(z2s, pool2);
  std::vector<T> p2 = sized<T>(p2s);
  pool2d_forward<T>({a2.data(), z2s}, {p2.data(), p2s}, pool2, ctx);

  const MatrixView<const T> f = flatten(NhwcView<const T>(p2.data(), p2s));
  if (f.cols != n_in) throw FixtureError(c.dir() + "/w3.npy: n_in differs from the flattened pool2 output");
  std::vector<T> z3(f.rows * n_out);
  dense_forward<T>(f, {w3.data(), n_in, n_out}, {b3.data(), n_out}, {z3.data(), f.rows, n_out}, ctx);
  std::vector<T> dz3(z3.size());
  const T loss = softmax_cross_entropy<T>({z3.data(), f.rows, n_out}, MatrixView<const T>{labels.data(), f.rows, n_out},
                                          {dz3.data(), f.rows, n_out}, ctx);

  io.check("z1", dims(z1s), z1);
  io.check("a1", dims(z1s), a1);
  io.check("p1", dims(p1s), p1);
  io.check("z2", dims(z2s), z2);
  io.check("a2", dims(z2s), a2);
  io.check("p2", dims(p2s), p2);
  io.check("f", {f.rows, f.cols}, std::vector<T>(f.data, f.data + f.rows * f.cols));
  io.check("z3", {f.rows, n_out}, z3);
  io.check_scalar("loss", loss);

  // ---- backward
  std::vector<T> dw3(n_in * n_out), db3(n_out), df(f.rows * f.cols);
  dense_backward_weights<T>(f, {dz3.data(), f.rows, n_out}, {dw3.data(), n_in, n_out}, ctx);
  dense_backward_bias<T>({dz3.data(), f.rows, n_out}, {db3.data(), n_out}, ctx);
  dense_backward_data<T>({dz3.data(), f.rows, n_out}, {w3.data(), n_in, n_out}, {df.data(), f.rows, n_in}, ctx);

  std::vector<T> da2 = sized<T>(z2s), dz2 = sized<T>(z2s);
  pool2d_backward<T>({a2.data(), z2s}, {df.data(), p2s}, {da2.data(), z2s}, pool2, ctx);  // df is dp2 (NHWC)
  relu_backward<T>({z2.data(), count(z2s)}, {da2.data(), count(z2s)}, {dz2.data(), count(z2s)}, ctx);
  std::vector<T> dw2(count(w2s)), dp1 = sized<T>(p1s);
  conv2d_backward_weights<T>({p1.data(), p1s}, {dz2.data(), z2s}, {dw2.data(), w2s}, conv2, ctx);
  conv2d_backward_data<T>({dz2.data(), z2s}, {w2.data(), w2s}, {dp1.data(), p1s}, conv2, ctx);

  std::vector<T> da1 = sized<T>(z1s), dz1 = sized<T>(z1s);
  pool2d_backward<T>({a1.data(), z1s}, {dp1.data(), p1s}, {da1.data(), z1s}, pool1, ctx);
  relu_backward<T>({z1.data(), count(z1s)}, {da1.data(), count(z1s)}, {dz1.data(), count(z1s)}, ctx);
  std::vector<T> dw1(count(w1s)), dx = sized<T>(xs);
  conv2d_backward_weights<T>({x.data(), xs}, {dz1.data(), z1s}, {dw1.data(), w1s}, conv1, ctx);
  conv2d_backward_data<T>({dz1.data(), z1s}, {w1.data(), w1s}, {dx.data(), xs}, conv1, ctx);

  io.check("dw3", {n_in, n_out}, dw3);
  io.check("db3", {n_out}, db3);
  io.check("dw2", dims(w2s), dw2);
  io.check("dw1", dims(w1s), dw1);
  io.check("dx", dims(xs), dx);
}

}  // namespace

void run_convnet_tf_case(const FixtureCase& c, Precision precision) {
  precision == Precision::f64 ? convnet_case<double>(c) : convnet_case<float>(c);
}

}  // namespace cnnkit::test

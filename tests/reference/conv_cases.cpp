// Fixture ops conv2d (forward if y.npy, backward if dy.npy, or expect_error) and conv_single_step.
#include <algorithm>

#include "cnnkit/geometry.hpp"
#include "cnnkit/ops.hpp"
#include "reference/case_io.hpp"
#include "reference/case_params.hpp"
#include "reference/case_runner.hpp"
#include "reference/expect_error.hpp"
#include "reference/reference_context.hpp"

namespace cnnkit::test {
namespace {

template <class T>
void conv2d_rejected(const CaseIo<T>& io, const Conv2dParams& p) {
  const Context& ctx = reference_context();
  const NhwcShape xs = io.nhwc("x");
  const HwioShape ws = io.hwio("w");
  const std::vector<T> x = io.input("x"), w = io.input("w"), b = io.input("b");
  expect_invalid_argument([&] { conv2d_output_shape(xs, ws, p); }, "conv2d_output_shape");
  // Any output shape: the geometry itself is impossible. The outputs must stay untouched.
  const NhwcShape ys{xs.n, 1, 1, ws.c_out};
  const T sentinel = T(7);
  std::vector<T> y(count(ys), sentinel), dy(count(ys), T(1)), dx(count(xs), sentinel), dw(count(ws), sentinel);
  expect_invalid_argument(
      [&] {
        conv2d_forward<T>({x.data(), xs}, {w.data(), ws}, {b.data(), static_cast<std::int64_t>(b.size())},
                          {y.data(), ys}, p, ctx);
      },
      "conv2d_forward");
  expect_invalid_argument([&] { conv2d_backward_data<T>({dy.data(), ys}, {w.data(), ws}, {dx.data(), xs}, p, ctx); },
                          "conv2d_backward_data");
  expect_invalid_argument([&] { conv2d_backward_weights<T>({x.data(), xs}, {dy.data(), ys}, {dw.data(), ws}, p, ctx); },
                          "conv2d_backward_weights");
  const auto untouched = [&](const std::vector<T>& v) {
    return std::all_of(v.begin(), v.end(), [&](T e) { return e == sentinel; });
  };
  EXPECT_TRUE(untouched(y) && untouched(dx) && untouched(dw)) << "a rejected call wrote to its output";
}

template <class T>
void conv2d_case(const FixtureCase& c) {
  const CaseIo<T> io(c);
  const Conv2dParams p = conv2d_params(c);
  if (c.bool_param_or("expect_error", false)) return conv2d_rejected(io, p);

  const Context& ctx = reference_context();
  const NhwcShape xs = io.nhwc("x");
  const HwioShape ws = io.hwio("w");
  if (ws.kh != c.int_param("kh") || ws.kw != c.int_param("kw"))
    throw FixtureError(c.dir() + ": w.npy's kernel size differs from params kh/kw");
  const std::vector<T> x = io.input("x"), w = io.input("w");
  std::vector<T> b;
  if (c.has_array("b")) b = io.input("b");
  if (!b.empty() && static_cast<std::int64_t>(b.size()) != ws.c_out)
    throw FixtureError(c.dir() + "/b.npy: expected c_out = " + std::to_string(ws.c_out) + " elements");
  const VectorView<const T> bias = b.empty() ? VectorView<const T>{} : VectorView<const T>{b.data(), ws.c_out};
  if (!c.has_array("y") && !c.has_array("dy")) throw FixtureError(c.dir() + ": neither y.npy nor dy.npy");

  const NhwcShape ys = conv2d_output_shape(xs, ws, p);
  if (c.has_array("y")) {
    std::vector<T> y(count(ys));
    conv2d_forward<T>({x.data(), xs}, {w.data(), ws}, bias, {y.data(), ys}, p, ctx);
    io.check("y", dims(ys), y);
  }
  if (c.has_array("dy")) {
    const NhwcShape dys = io.nhwc("dy");
    EXPECT_EQ(dims(dys), dims(ys)) << "dy.npy does not have the forward output shape";
    const std::vector<T> dy = io.input("dy");
    std::vector<T> dx(count(xs)), dw(count(ws)), db(ws.c_out);
    conv2d_backward_data<T>({dy.data(), dys}, {w.data(), ws}, {dx.data(), xs}, p, ctx);
    conv2d_backward_weights<T>({x.data(), xs}, {dy.data(), dys}, {dw.data(), ws}, p, ctx);
    io.check("dx", dims(xs), dx);
    io.check("dw", dims(ws), dw);
    if (c.has_array("db")) {
      conv2d_backward_bias<T>({dy.data(), dys}, {db.data(), ws.c_out}, ctx);
      io.check("db", {1, 1, 1, ws.c_out}, db);
    }
  }
}

template <class T>
void conv_single_step_case(const FixtureCase& c) {
  const CaseIo<T> io(c);
  const std::vector<std::int64_t> s = io.shape("x");
  if (s.size() != 3) throw FixtureError(c.dir() + "/x.npy: expected (f_h, f_w, channels)");
  if (io.shape("w") != s) throw FixtureError(c.dir() + "/w.npy: expected the shape of x");
  const std::vector<T> x = io.input("x"), w = io.input("w");
  const T z = conv_single_step<T>(x.data(), w.data(), io.scalar_input("b"), s[0], s[1], s[2], reference_context());
  io.check_scalar("y", z);
}

}  // namespace

void run_conv2d_case(const FixtureCase& c, Precision precision) {
  precision == Precision::f64 ? conv2d_case<double>(c) : conv2d_case<float>(c);
}

void run_conv_single_step_case(const FixtureCase& c, Precision precision) {
  precision == Precision::f64 ? conv_single_step_case<double>(c) : conv_single_step_case<float>(c);
}

}  // namespace cnnkit::test

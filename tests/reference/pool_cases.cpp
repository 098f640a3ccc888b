// Fixture ops pool2d (forward if y.npy, backward if dy.npy, or expect_error), and the seeds'
// single-window helpers create_mask_from_window and distribute_value.
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
void pool2d_rejected(const CaseIo<T>& io, const Pool2dParams& p) {
  const Context& ctx = reference_context();
  const NhwcShape xs = io.nhwc("x");
  const std::vector<T> x = io.input("x");
  expect_invalid_argument([&] { pool2d_output_shape(xs, p); }, "pool2d_output_shape");
  const NhwcShape ys{xs.n, 1, 1, xs.c};
  const T sentinel = T(7);
  std::vector<T> y(count(ys), sentinel), dy(count(ys), T(1)), dx(count(xs), sentinel);
  expect_invalid_argument([&] { pool2d_forward<T>({x.data(), xs}, {y.data(), ys}, p, ctx); }, "pool2d_forward");
  expect_invalid_argument([&] { pool2d_backward<T>({x.data(), xs}, {dy.data(), ys}, {dx.data(), xs}, p, ctx); },
                          "pool2d_backward");
  const auto untouched = [&](const std::vector<T>& v) {
    return std::all_of(v.begin(), v.end(), [&](T e) { return e == sentinel; });
  };
  EXPECT_TRUE(untouched(y) && untouched(dx)) << "a rejected call wrote to its output";
}

template <class T>
void pool2d_case(const FixtureCase& c) {
  const CaseIo<T> io(c);
  const Pool2dParams p = pool2d_params(c);
  if (c.bool_param_or("expect_error", false)) return pool2d_rejected(io, p);

  const Context& ctx = reference_context();
  const NhwcShape xs = io.nhwc("x");
  const std::vector<T> x = io.input("x");
  if (!c.has_array("y") && !c.has_array("dy")) throw FixtureError(c.dir() + ": neither y.npy nor dy.npy");
  const NhwcShape ys = pool2d_output_shape(xs, p);
  if (c.has_array("y")) {
    std::vector<T> y(count(ys));
    pool2d_forward<T>({x.data(), xs}, {y.data(), ys}, p, ctx);
    io.check("y", dims(ys), y);
  }
  if (c.has_array("dy")) {
    const NhwcShape dys = io.nhwc("dy");
    EXPECT_EQ(dims(dys), dims(ys)) << "dy.npy does not have the forward output shape";
    const std::vector<T> dy = io.input("dy");
    std::vector<T> dx(count(xs));
    pool2d_backward<T>({x.data(), xs}, {dy.data(), dys}, {dx.data(), xs}, p, ctx);
    io.check("dx", dims(xs), dx);
    if (p.mode == PoolMode::avg) {
      // Average pooling needs only x's shape: a null x.data must give the same gradient.
      std::vector<T> dx_shape_only(count(xs));
      pool2d_backward<T>({nullptr, xs}, {dy.data(), dys}, {dx_shape_only.data(), xs}, p, ctx);
      EXPECT_EQ(dx_shape_only, dx) << "avg pool backward depends on x's values";
    }
  }
}

template <class T>
void create_mask_case(const FixtureCase& c) {
  const CaseIo<T> io(c);
  const auto [rows, cols] = io.matrix("x");
  const std::vector<T> x = io.input("x");
  std::vector<T> mask(x.size(), T(-1));
  create_mask_from_window<T>({x.data(), rows, cols}, {mask.data(), rows, cols}, tie_policy(c), reference_context());
  io.check("y", {rows, cols}, mask);
}

template <class T>
void distribute_value_case(const FixtureCase& c) {
  const CaseIo<T> io(c);
  const std::int64_t rows = c.int_param("shape_h"), cols = c.int_param("shape_w");
  std::vector<T> out(rows * cols, T(-1));
  distribute_value<T>(static_cast<T>(c.double_param("dz")), {out.data(), rows, cols}, reference_context());
  io.check("y", {rows, cols}, out);
}

}  // namespace

void run_pool2d_case(const FixtureCase& c, Precision precision) {
  precision == Precision::f64 ? pool2d_case<double>(c) : pool2d_case<float>(c);
}

void run_create_mask_case(const FixtureCase& c, Precision precision) {
  precision == Precision::f64 ? create_mask_case<double>(c) : create_mask_case<float>(c);
}

void run_distribute_value_case(const FixtureCase& c, Precision precision) {
  precision == Precision::f64 ? distribute_value_case<double>(c) : distribute_value_case<float>(c);
}

}  // namespace cnnkit::test

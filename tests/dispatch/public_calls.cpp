#include "public_calls.hpp"

#include <cstdint>
#include <stdexcept>
#include <vector>

#include "cnnkit/geometry.hpp"
#include "cnnkit/ops.hpp"

namespace cnnkit::test {
namespace {

template <class T>
std::vector<T> values(std::int64_t n) {
  std::vector<T> v(static_cast<std::size_t>(n));
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = static_cast<T>(static_cast<int>(i % 7) - 3) / 4;
  return v;
}

template <class T>
void call(OpId op, const Context& ctx) {
  const NhwcShape xs{1, 5, 5, 3};
  const HwioShape ws{3, 3, 3, 4};
  const Conv2dParams cp{};  // stride 1, no padding
  const NhwcShape ys = conv2d_output_shape(xs, ws, cp);
  auto x = values<T>(75), w = values<T>(108), b = values<T>(4), y = values<T>(ys.n * ys.h * ys.w * ys.c);
  Pool2dParams pp{};
  const NhwcShape ps = pool2d_output_shape(xs, pp);
  auto py = values<T>(ps.n * ps.h * ps.w * ps.c);
  switch (op) {
    case OpId::pad: {
      auto out = values<T>(1 * 7 * 7 * 3);
      return pad<T>({x.data(), xs}, {out.data(), {1, 7, 7, 3}}, Padding::symmetric(1), T(0), ctx);
    }
    case OpId::conv2d_fwd:
      return conv2d_forward<T>({x.data(), xs}, {w.data(), ws}, {b.data(), 4}, {y.data(), ys}, cp, ctx);
    case OpId::conv2d_bwd_data:
      return conv2d_backward_data<T>({y.data(), ys}, {w.data(), ws}, {x.data(), xs}, cp, ctx);
    case OpId::conv2d_bwd_weights:
      return conv2d_backward_weights<T>({x.data(), xs}, {y.data(), ys}, {w.data(), ws}, cp, ctx);
    case OpId::conv2d_bwd_bias:
      return conv2d_backward_bias<T>({y.data(), ys}, {b.data(), 4}, ctx);
    case OpId::pool2d_fwd:
      return pool2d_forward<T>({x.data(), xs}, {py.data(), ps}, pp, ctx);
    case OpId::pool2d_bwd: {
      auto dx = values<T>(75);
      return pool2d_backward<T>({x.data(), xs}, {py.data(), ps}, {dx.data(), xs}, pp, ctx);
    }
    case OpId::pool2d_fwd_indices: {
      std::vector<std::int32_t> indices(py.size());
      return pool2d_forward<T>({x.data(), xs}, {py.data(), ps}, {indices.data(), ps}, pp, ctx);
    }
    case OpId::pool2d_bwd_indices: {
      // Each window's first cell: valid indices for the 2x2 / stride 2 windows.
      std::vector<std::int32_t> indices(py.size());
      for (std::int64_t i = 0; i < static_cast<std::int64_t>(indices.size()); ++i) {
        const std::int64_t pixel = i / ps.c;
        indices[static_cast<std::size_t>(i)] = static_cast<std::int32_t>(pixel / ps.w * 2 * xs.w + pixel % ps.w * 2);
      }
      auto dx = values<T>(75);
      return pool2d_backward<T>(NhwcView<const std::int32_t>{indices.data(), ps}, {py.data(), ps}, {dx.data(), xs}, pp,
                                ctx);
    }
    case OpId::relu_fwd:
      return relu_forward<T>({x.data(), 75}, {x.data(), 75}, ctx);
    case OpId::relu_bwd: {
      auto dy = values<T>(75);
      return relu_backward<T>({x.data(), 75}, {dy.data(), 75}, {dy.data(), 75}, ctx);
    }
    case OpId::dense_fwd:
      return dense_forward<T>({x.data(), 5, 15}, {w.data(), 15, 4}, {b.data(), 4}, {y.data(), 5, 4}, ctx);
    case OpId::dense_bwd_data:
      return dense_backward_data<T>({y.data(), 5, 4}, {w.data(), 15, 4}, {x.data(), 5, 15}, ctx);
    case OpId::dense_bwd_weights:
      return dense_backward_weights<T>({x.data(), 5, 15}, {y.data(), 5, 4}, {w.data(), 15, 4}, ctx);
    case OpId::dense_bwd_bias:
      return dense_backward_bias<T>({y.data(), 5, 4}, {b.data(), 4}, ctx);
    case OpId::softmax_xent: {
      auto labels = values<T>(20), grad = values<T>(20);
      softmax_cross_entropy<T>({y.data(), 5, 4}, MatrixView<const T>{labels.data(), 5, 4}, {grad.data(), 5, 4}, ctx);
      return;
    }
    case OpId::adam: {
      auto g = values<T>(4), m = values<T>(4), v = values<T>(4);
      for (auto& e : v) e = e < 0 ? -e : e;
      return adam_step<T>({b.data(), 4}, {g.data(), 4}, {m.data(), 4}, {v.data(), 4}, AdamParams{}, ctx);
    }
    case OpId::count:
      break;
  }
  throw std::logic_error("call_public_op: no call for this op");
}

}  // namespace

void call_public_op(OpId op, DType dtype, const Context& ctx) {
  if (dtype == DType::f32)
    call<float>(op, ctx);
  else
    call<double>(op, ctx);
}

std::string expected_problem_text(OpId op) {
  switch (op) {
    case OpId::pad: return "x=1x5x5x3 pad=1,1,1,1";
    case OpId::conv2d_fwd:
    case OpId::conv2d_bwd_data:
    case OpId::conv2d_bwd_weights: return "x=1x5x5x3 w=3x3x3x4 y=1x3x3x4";
    case OpId::conv2d_bwd_bias: return "dy=1x3x3x4";
    case OpId::pool2d_fwd:
    case OpId::pool2d_bwd:
    case OpId::pool2d_fwd_indices:
    case OpId::pool2d_bwd_indices: return "max x=1x5x5x3 y=1x2x2x3";
    case OpId::relu_fwd:
    case OpId::relu_bwd: return "count=75 in_place";
    case OpId::dense_fwd: return "m=5 n_in=15 n_out=4 bias";
    case OpId::dense_bwd_data:
    case OpId::dense_bwd_weights: return "m=5 n_in=15 n_out=4";
    case OpId::dense_bwd_bias: return "m=5";
    case OpId::softmax_xent: return "rows=5 classes=4";
    case OpId::adam: return "count=4";
    case OpId::count: break;
  }
  return "?";
}

}  // namespace cnnkit::test

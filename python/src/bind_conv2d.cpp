// conv2d_forward, conv2d_backward_data, conv2d_backward_weights, conv2d_backward_bias and
// conv2d_backward_weights_bias on numpy arrays (NHWC x HWIO).
#include <pybind11/stl.h>

#include "array_args.hpp"
#include "bindings.hpp"
#include "call_context.hpp"
#include "cnnkit/geometry.hpp"
#include "cnnkit/ops.hpp"
#include "conv_args.hpp"
#include "out_args.hpp"
#include "packed_weights.hpp"

namespace cnnkit::python {

namespace py = pybind11;

namespace {

template <class Holder>
std::optional<ArrayArgs::Fixed> packed_type(const Holder* packed) {
  if (!packed) return std::nullopt;
  return ArrayArgs::Fixed{"w", packed->packed.index() == 0 ? FloatType::f32 : FloatType::f64};
}

py::object conv2d_forward_py(py::handle x, py::handle w, py::handle bias, py::handle stride, py::handle padding,
                             py::handle dilation, std::int64_t groups, py::handle epilogue, py::handle out,
                             py::handle ctx) {
  ArrayArgs args("conv2d_forward");
  const Context& context = call_context(ctx);
  const ConvArgs conv(args, stride, padding, dilation, groups);
  const Conv2dEpilogue ep = epilogue_arg(args, epilogue);
  const auto* packed = py::isinstance<PyConv2dPackedWeights>(w) ? w.cast<const PyConv2dPackedWeights*>() : nullptr;
  const FloatType type = args.dtype({{"x", x}, {"w", packed ? py::handle(py::none()) : w}, {"bias", bias}}, out,
                                    packed_type(packed));
  return with_float_type(type, [&]<class T>() -> py::object {
    auto xa = args.input<T>({"x", x});
    const NhwcShape xs = nhwc_shape(args, "x", xa);
    py::array_t<T> wa;
    HwioShape ws;
    if (packed) {
      ws = std::get<Conv2dPackedWeights<T>>(packed->packed).shape();
    } else {
      wa = args.input<T>({"w", w});
      ws = hwio_shape(args, "w", wa);
    }
    py::array_t<T> ba;
    VectorView<const T> bias_view;
    if (!bias.is_none()) {
      ba = args.input<T>({"bias", bias});
      bias_view = {ba.data(), bias_size(args, "bias", ba)};
    }
    const Conv2dParams p = conv.params(xs.h, xs.w, ws.kh, ws.kw);
    const NhwcShape ys = conv2d_output_shape(xs, ws, p);
    auto ya = args.output<T>({"out", out}, dims(ys));
    const NhwcView<const T> xv(xa.data(), xs);
    const NhwcView<T> yv(ya.mutable_data(), ys);
    {
      py::gil_scoped_release release;
      if (packed)
        conv2d_forward<T>(xv, std::get<Conv2dPackedWeights<T>>(packed->packed), bias_view, yv, p, ep, context);
      else
        conv2d_forward<T>(xv, HwioView<const T>(wa.data(), ws), bias_view, yv, p, ep, context);
    }
    return ya;
  });
}

py::object conv2d_backward_data_py(py::handle dy, py::handle w, py::handle input_shape, py::handle stride,
                                   py::handle padding, py::handle dilation, std::int64_t groups, py::handle out,
                                   py::handle ctx) {
  ArrayArgs args("conv2d_backward_data");
  const Context& context = call_context(ctx);
  const ConvArgs conv(args, stride, padding, dilation, groups);
  const auto* packed = py::isinstance<PyConv2dBackwardDataPackedWeights>(w)
                           ? w.cast<const PyConv2dBackwardDataPackedWeights*>()
                           : nullptr;
  const FloatType type = args.dtype({{"dy", dy}, {"w", packed ? py::handle(py::none()) : w}}, out, packed_type(packed));
  const NhwcShape xs = input_shape_arg(args, input_shape, out);
  return with_float_type(type, [&]<class T>() -> py::object {
    auto dya = args.input<T>({"dy", dy});
    const NhwcShape dys = nhwc_shape(args, "dy", dya);
    py::array_t<T> wa;
    HwioShape ws;
    if (packed) {
      ws = std::get<Conv2dBackwardDataPackedWeights<T>>(packed->packed).shape();
    } else {
      wa = args.input<T>({"w", w});
      ws = hwio_shape(args, "w", wa);
    }
    const Conv2dParams p = conv.params(xs.h, xs.w, ws.kh, ws.kw);
    auto dxa = args.output<T>({"out", out}, dims(xs));
    const NhwcView<const T> dyv(dya.data(), dys);
    const NhwcView<T> dxv(dxa.mutable_data(), xs);
    {
      py::gil_scoped_release release;
      if (packed)
        conv2d_backward_data<T>(dyv, std::get<Conv2dBackwardDataPackedWeights<T>>(packed->packed), dxv, p, context);
      else
        conv2d_backward_data<T>(dyv, HwioView<const T>(wa.data(), ws), dxv, p, context);
    }
    return dxa;
  });
}

// dw's shape: (kh, kw, x.c / groups, dy.c); the op itself checks that it all fits together.
HwioShape dw_shape(const ArrayArgs& args, const NhwcShape& xs, const NhwcShape& dys, HwPair kernel,
                   std::int64_t groups) {
  if (groups < 1) args.invalid("groups must be >= 1, got " + std::to_string(groups));
  return {kernel.h, kernel.w, xs.c / groups, dys.c};
}

py::object conv2d_backward_weights_py(py::handle x, py::handle dy, py::handle kernel_size, py::handle stride,
                                      py::handle padding, py::handle dilation, std::int64_t groups, py::handle out,
                                      py::handle db_out, bool with_bias, py::handle ctx) {
  ArrayArgs args(with_bias ? "conv2d_backward_weights_bias" : "conv2d_backward_weights");
  const Context& context = call_context(ctx);
  const ConvArgs conv(args, stride, padding, dilation, groups);
  const HwPair kernel = hw_pair(args, "kernel_size", kernel_size);
  const FloatType type = args.dtype({{"x", x}, {"dy", dy}}, out);
  return with_float_type(type, [&]<class T>() -> py::object {
    auto xa = args.input<T>({"x", x});
    auto dya = args.input<T>({"dy", dy});
    const NhwcShape xs = nhwc_shape(args, "x", xa), dys = nhwc_shape(args, "dy", dya);
    const HwioShape ws = dw_shape(args, xs, dys, kernel, groups);
    const Conv2dParams p = conv.params(xs.h, xs.w, ws.kh, ws.kw);
    auto dwa = args.output<T>({with_bias ? "out[0]" : "out", out}, dims(ws));
    const NhwcView<const T> xv(xa.data(), xs), dyv(dya.data(), dys);
    const HwioView<T> dwv(dwa.mutable_data(), ws);
    if (!with_bias) {
      py::gil_scoped_release release;
      conv2d_backward_weights<T>(xv, dyv, dwv, p, context);
      return dwa;
    }
    auto dba = args.output<T>({"out[1]", db_out}, {dys.c});
    {
      py::gil_scoped_release release;
      conv2d_backward_weights_bias<T>(xv, dyv, dwv, VectorView<T>(dba.mutable_data(), dys.c), p, context);
    }
    return py::make_tuple(dwa, dba);
  });
}

py::object conv2d_backward_bias_py(py::handle dy, py::handle out, py::handle ctx) {
  ArrayArgs args("conv2d_backward_bias");
  const Context& context = call_context(ctx);
  return with_float_type(args.dtype({{"dy", dy}}, out), [&]<class T>() -> py::object {
    auto dya = args.input<T>({"dy", dy});
    const NhwcShape dys = nhwc_shape(args, "dy", dya);
    auto dba = args.output<T>({"out", out}, {dys.c});
    {
      py::gil_scoped_release release;
      conv2d_backward_bias<T>(NhwcView<const T>(dya.data(), dys), VectorView<T>(dba.mutable_data(), dys.c), context);
    }
    return dba;
  });
}

}  // namespace

void bind_conv2d(py::module_& m) {
  m.def("conv2d_forward", &conv2d_forward_py, py::arg("x"), py::arg("w"), py::arg("bias") = py::none(),
        py::kw_only(), py::arg("stride") = 1, py::arg("padding") = 0, py::arg("dilation") = 1, py::arg("groups") = 1,
        py::arg("epilogue") = "none", py::arg("out") = py::none(), py::arg("ctx") = py::none(), R"doc(
2-D convolution (cross-correlation): y = conv(x, w) + bias.

x: (n, h, w, c_in) NHWC. w: (kh, kw, c_in/groups, c_out) HWIO, or a Conv2dPackedWeights.
bias: (c_out,) or (1, 1, 1, c_out), or None. Returns y: (n, ho, wo, c_out).
stride, dilation: int or (h, w). padding: int, (h, w), (top, bottom, left, right), 'valid' or
'same' (TensorFlow SAME). groups: input channels [g*C/G, (g+1)*C/G) feed output channels
[g*O/G, (g+1)*O/G); groups == c_in == c_out is depthwise. epilogue='relu' stores max(y, 0).)doc");
  m.def("conv2d_backward_data", &conv2d_backward_data_py, py::arg("dy"), py::arg("w"),
        py::arg("input_shape") = py::none(), py::kw_only(), py::arg("stride") = 1, py::arg("padding") = 0,
        py::arg("dilation") = 1, py::arg("groups") = 1, py::arg("out") = py::none(), py::arg("ctx") = py::none(),
        R"doc(
dx = dL/dx of conv2d_forward, given dy = dL/dy.

dy: (n, ho, wo, c_out). w: (kh, kw, c_in/groups, c_out) or a Conv2dBackwardDataPackedWeights.
input_shape: the forward input's (n, h, w, c_in) (None: out's shape). Returns dx of input_shape.
stride, padding, dilation, groups: as in the forward call.)doc");
  m.def(
      "conv2d_backward_weights",
      [](py::handle x, py::handle dy, py::handle kernel_size, py::handle stride, py::handle padding,
         py::handle dilation, std::int64_t groups, py::handle out, py::handle ctx) {
        return conv2d_backward_weights_py(x, dy, kernel_size, stride, padding, dilation, groups, out, py::none(),
                                          false, ctx);
      },
      py::arg("x"), py::arg("dy"), py::arg("kernel_size"), py::kw_only(), py::arg("stride") = 1,
      py::arg("padding") = 0, py::arg("dilation") = 1, py::arg("groups") = 1, py::arg("out") = py::none(),
      py::arg("ctx") = py::none(), R"doc(
dw = dL/dw of conv2d_forward, given its input x (n, h, w, c_in) and dy (n, ho, wo, c_out).

kernel_size: int or (kh, kw). Returns dw: (kh, kw, c_in/groups, c_out).)doc");
  m.def(
      "conv2d_backward_weights_bias",
      [](py::handle x, py::handle dy, py::handle kernel_size, py::handle stride, py::handle padding,
         py::handle dilation, std::int64_t groups, py::handle out, py::handle ctx) {
        const auto outs = out_tuple<2>("conv2d_backward_weights_bias", out);
        return conv2d_backward_weights_py(x, dy, kernel_size, stride, padding, dilation, groups, outs[0], outs[1],
                                          true, ctx);
      },
      py::arg("x"), py::arg("dy"), py::arg("kernel_size"), py::kw_only(), py::arg("stride") = 1,
      py::arg("padding") = 0, py::arg("dilation") = 1, py::arg("groups") = 1, py::arg("out") = py::none(),
      py::arg("ctx") = py::none(), R"doc(
(dw, db) in one pass over dy: dw as conv2d_backward_weights, db (c_out,) as conv2d_backward_bias
(bitwise both). out: None or a pair (dw, db), either of them None.)doc");
  m.def("conv2d_backward_bias", &conv2d_backward_bias_py, py::arg("dy"), py::kw_only(), py::arg("out") = py::none(),
        py::arg("ctx") = py::none(), R"doc(
db[o] = sum of dy[n, h, w, o] over n, h, w. dy: (n, ho, wo, c_out). Returns db: (c_out,).)doc");
}

}  // namespace cnnkit::python

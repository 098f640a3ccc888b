// The seeds' helpers (conv_single_step, create_mask_from_window, distribute_value) and the
// geometry functions (output shapes, TensorFlow SAME padding).
#include <pybind11/stl.h>

#include "array_args.hpp"
#include "bindings.hpp"
#include "call_context.hpp"
#include "cnnkit/geometry.hpp"
#include "cnnkit/ops.hpp"
#include "conv_args.hpp"
#include "geometry_args.hpp"

namespace cnnkit::python {

namespace py = pybind11;

namespace {

py::tuple tuple_of(const NhwcShape& s) { return py::make_tuple(s.n, s.h, s.w, s.c); }

py::object conv_single_step_py(py::handle a_slice, py::handle w, py::handle b, py::handle ctx) {
  ArrayArgs args("conv_single_step");
  const Context& context = call_context(ctx);
  return with_float_type(args.dtype({{"a_slice", a_slice}, {"w", w}, {"b", b}}), [&]<class T>() -> py::object {
    auto aa = args.input<T>({"a_slice", a_slice});
    auto wa = args.input<T>({"w", w});
    auto ba = args.input<T>({"b", b});
    if (aa.ndim() != 3) args.invalid("a_slice must be 3-D (f_h, f_w, channels), got shape " + shape_string(shape_of(aa)));
    if (shape_of(wa) != shape_of(aa))
      args.invalid("w has shape " + shape_string(shape_of(wa)) + "; expected a_slice's shape " + shape_string(shape_of(aa)));
    if (ba.size() != 1) args.invalid("b must hold one value, got shape " + shape_string(shape_of(ba)));
    T z;
    {
      py::gil_scoped_release release;
      z = conv_single_step<T>(aa.data(), wa.data(), ba.data()[0], aa.shape(0), aa.shape(1), aa.shape(2), context);
    }
    return py::float_(z);
  });
}

py::object create_mask_py(py::handle x, py::handle ties, py::handle out, py::handle ctx) {
  ArrayArgs args("create_mask_from_window");
  const Context& context = call_context(ctx);
  const TiePolicy policy = ties_arg(args, ties);
  return with_float_type(args.dtype({{"x", x}}, out), [&]<class T>() -> py::object {
    auto xa = args.input<T>({"x", x});
    if (xa.ndim() != 2) args.invalid("x must be 2-D (rows, cols), got shape " + shape_string(shape_of(xa)));
    auto ma = args.output<T>({"out", out}, shape_of(xa));
    {
      py::gil_scoped_release release;
      create_mask_from_window<T>(MatrixView<const T>(xa.data(), xa.shape(0), xa.shape(1)),
                                 MatrixView<T>(ma.mutable_data(), xa.shape(0), xa.shape(1)), policy, context);
    }
    return ma;
  });
}

py::object distribute_value_py(double dz, py::handle shape, py::handle dtype, py::handle out, py::handle ctx) {
  ArrayArgs args("distribute_value");
  const Context& context = call_context(ctx);
  const auto dims = shape_arg(args, "shape", shape, 2);
  // dtype None: out's dtype when out is given, else float64 (the course's np.ones(shape)).
  FloatType type = args.dtype({}, out);
  if (!dtype.is_none()) {
    const auto named = float_type_named(dtype);
    if (!named) args.type_error("dtype must be float32 or float64, got " + py::repr(dtype).cast<std::string>());
    type = *named;
  }
  return with_float_type(type, [&]<class T>() -> py::object {
    auto a = args.output<T>({"out", out}, dims);
    {
      py::gil_scoped_release release;
      distribute_value<T>(static_cast<T>(dz), MatrixView<T>(a.mutable_data(), dims[0], dims[1]), context);
    }
    return a;
  });
}

}  // namespace

void bind_helpers(py::module_& m) {
  m.def("conv_single_step", &conv_single_step_py, py::arg("a_slice"), py::arg("w"), py::arg("b"), py::kw_only(),
        py::arg("ctx") = py::none(), R"doc(
Z = sum(a_slice * w) + b, the bias added once (the course's np.sum(a*W + b) adds it f*f*C times).
a_slice, w: (f_h, f_w, channels); b: one value. Returns a float.)doc");
  m.def("create_mask_from_window", &create_mask_py, py::arg("x"), py::arg("ties") = "first", py::kw_only(),
        py::arg("out") = py::none(), py::arg("ctx") = py::none(), R"doc(
A 0/1 mask of the 2-D window x (x's dtype): 1 at the maximum. ties='first' marks only the first
maximum in row-major order (PyTorch); 'all' every one (the course's x == max(x)).)doc");
  m.def("distribute_value", &distribute_value_py, py::arg("dz"), py::arg("shape"), py::kw_only(),
        py::arg("dtype") = py::none(), py::arg("out") = py::none(), py::arg("ctx") = py::none(), R"doc(
An array of `shape` (rows, cols) filled with dz / (rows * cols): the average-pool gradient of one window.
dtype: float32 or float64; None = out's dtype when out is given, else float64.)doc");

  m.def(
      "conv2d_output_shape",
      [](py::handle x_shape, py::handle w_shape, py::handle stride, py::handle padding, py::handle dilation,
         std::int64_t groups) {
        ArrayArgs args("conv2d_output_shape");
        const auto x = shape_arg(args, "x_shape", x_shape, 4), w = shape_arg(args, "w_shape", w_shape, 4);
        const ConvArgs conv(args, stride, padding, dilation, groups);
        const NhwcShape xs{x[0], x[1], x[2], x[3]};
        return tuple_of(conv2d_output_shape(xs, {w[0], w[1], w[2], w[3]}, conv.params(xs.h, xs.w, w[0], w[1])));
      },
      py::arg("x_shape"), py::arg("w_shape"), py::kw_only(), py::arg("stride") = 1, py::arg("padding") = 0,
      py::arg("dilation") = 1, py::arg("groups") = 1, "conv2d_forward's output shape (n, ho, wo, c_out) for these shapes.");
  m.def(
      "pool2d_output_shape",
      [](py::handle x_shape, py::handle kernel_size, py::handle stride, py::handle padding, bool ceil_mode) {
        ArrayArgs args("pool2d_output_shape");
        const auto x = shape_arg(args, "x_shape", x_shape, 4);
        const HwPair k = hw_pair(args, "kernel_size", kernel_size);
        const HwPair s = stride.is_none() ? k : hw_pair(args, "stride", stride);
        Pool2dParams p;
        p.kernel_h = k.h, p.kernel_w = k.w, p.stride_h = s.h, p.stride_w = s.w, p.ceil_mode = ceil_mode;
        p.pad = padding_arg(args, "padding", padding).resolve(x[1], x[2], k, s);
        return tuple_of(pool2d_output_shape({x[0], x[1], x[2], x[3]}, p));
      },
      py::arg("x_shape"), py::arg("kernel_size"), py::arg("stride") = py::none(), py::kw_only(),
      py::arg("padding") = 0, py::arg("ceil_mode") = false, "pool2d_forward's output shape for this input shape.");
  m.def(
      "pad_output_shape",
      [](py::handle x_shape, py::handle padding) {
        ArrayArgs args("pad_output_shape");
        const auto x = shape_arg(args, "x_shape", x_shape, 4);
        const PaddingArg pad = padding_arg(args, "padding", padding);
        if (pad.same) args.invalid("padding='same' has no meaning for pad; give the sides");
        return tuple_of(pad_output_shape({x[0], x[1], x[2], x[3]}, pad.explicit_pad));
      },
      py::arg("x_shape"), py::arg("padding"), "pad's output shape.");
  m.def(
      "same_padding",
      [](std::int64_t in_h, std::int64_t in_w, std::int64_t kernel_h, std::int64_t kernel_w, std::int64_t stride_h,
         std::int64_t stride_w, std::int64_t dilation_h, std::int64_t dilation_w) {
        const Padding p = same_padding(in_h, in_w, kernel_h, kernel_w, stride_h, stride_w, dilation_h, dilation_w);
        return py::make_tuple(p.top, p.bottom, p.left, p.right);
      },
      py::arg("in_h"), py::arg("in_w"), py::arg("kernel_h"), py::arg("kernel_w"), py::arg("stride_h") = 1,
      py::arg("stride_w") = 1, py::arg("dilation_h") = 1, py::arg("dilation_w") = 1,
      "TensorFlow SAME padding (top, bottom, left, right): out = ceil(in / stride), the odd cell at the bottom/right.");
}

}  // namespace cnnkit::python

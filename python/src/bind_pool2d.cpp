// pool2d_forward (optionally with the winners' indices), pool2d_backward and
// pool2d_backward_indices on numpy arrays (NHWC).
#include <pybind11/stl.h>

#include "array_args.hpp"
#include "bindings.hpp"
#include "call_context.hpp"
#include "cnnkit/geometry.hpp"
#include "cnnkit/ops.hpp"
#include "geometry_args.hpp"
#include "out_args.hpp"

namespace cnnkit::python {

namespace py = pybind11;

namespace {

// The pooling keywords; the stride defaults to the kernel (PyTorch's rule).
struct PoolArgs {
  HwPair kernel, stride;
  PaddingArg padding;
  Pool2dParams base;

  PoolArgs(const ArrayArgs& args, py::handle kernel_size, py::handle stride_arg, py::handle padding_arg_value,
           py::handle mode, bool ceil_mode, bool count_include_pad, py::handle ties)
      : kernel(hw_pair(args, "kernel_size", kernel_size)),
        stride(stride_arg.is_none() ? kernel : hw_pair(args, "stride", stride_arg)),
        padding(padding_arg(args, "padding", padding_arg_value)) {
    base.mode = mode.is_none() ? PoolMode::max : pool_mode_arg(args, mode);
    base.kernel_h = kernel.h, base.kernel_w = kernel.w;
    base.stride_h = stride.h, base.stride_w = stride.w;
    base.ceil_mode = ceil_mode;
    base.count_include_pad = count_include_pad;
    base.ties = ties.is_none() ? TiePolicy::first : ties_arg(args, ties);
  }

  Pool2dParams params(std::int64_t in_h, std::int64_t in_w) const {
    Pool2dParams p = base;
    p.pad = padding.resolve(in_h, in_w, kernel, stride);
    return p;
  }
};

py::object pool2d_forward_py(py::handle x, py::handle kernel_size, py::handle stride, py::handle mode,
                             py::handle padding, bool ceil_mode, bool count_include_pad, bool return_indices,
                             py::handle out, py::handle ctx) {
  ArrayArgs args("pool2d_forward");
  const Context& context = call_context(ctx);
  const PoolArgs pool(args, kernel_size, stride, padding, mode, ceil_mode, count_include_pad, py::none());
  // Plain handles, not a structured binding: clang 14 cannot capture one in the lambda below.
  const std::array<py::handle, 2> outs =
      return_indices ? out_tuple<2>("pool2d_forward", out) : std::array<py::handle, 2>{out, py::none()};
  const py::handle y_out = outs[0], indices_out = outs[1];
  return with_float_type(args.dtype({{"x", x}}, y_out), [&]<class T>() -> py::object {
    auto xa = args.input<T>({"x", x});
    const NhwcShape xs = nhwc_shape(args, "x", xa);
    const Pool2dParams p = pool.params(xs.h, xs.w);
    const NhwcShape ys = pool2d_output_shape(xs, p);
    auto ya = args.output<T>({return_indices ? "out[0]" : "out", y_out}, dims(ys));
    const NhwcView<const T> xv(xa.data(), xs);
    const NhwcView<T> yv(ya.mutable_data(), ys);
    if (!return_indices) {
      py::gil_scoped_release release;
      pool2d_forward<T>(xv, yv, p, context);
      return ya;
    }
    auto ia = args.output<std::int32_t>({"out[1]", indices_out}, dims(ys));
    {
      py::gil_scoped_release release;
      pool2d_forward<T>(xv, yv, NhwcView<std::int32_t>(ia.mutable_data(), ys), p, context);
    }
    return py::make_tuple(ya, ia);
  });
}

py::object pool2d_backward_py(py::handle x, py::handle dy, py::handle kernel_size, py::handle stride, py::handle mode,
                              py::handle padding, bool ceil_mode, bool count_include_pad, py::handle ties,
                              py::handle out, py::handle ctx) {
  ArrayArgs args("pool2d_backward");
  const Context& context = call_context(ctx);
  const PoolArgs pool(args, kernel_size, stride, padding, mode, ceil_mode, count_include_pad, ties);
  // Average pooling needs only x's shape: a tuple is accepted in place of the array.
  const bool x_is_shape = py::isinstance<py::tuple>(x) && pool.base.mode == PoolMode::avg;
  return with_float_type(args.dtype({{"x", x_is_shape ? py::handle(py::none()) : x}, {"dy", dy}}, out),
                         [&]<class T>() -> py::object {
    py::array_t<T> xa;
    NhwcShape xs;
    if (x_is_shape) {
      const auto d = shape_arg(args, "x", x, 4);
      xs = {d[0], d[1], d[2], d[3]};
    } else {
      xa = args.input<T>({"x", x});
      xs = nhwc_shape(args, "x", xa);
    }
    auto dya = args.input<T>({"dy", dy});
    const NhwcShape dys = nhwc_shape(args, "dy", dya);
    const Pool2dParams p = pool.params(xs.h, xs.w);
    auto dxa = args.output<T>({"out", out}, dims(xs));
    {
      py::gil_scoped_release release;
      pool2d_backward<T>(NhwcView<const T>(x_is_shape ? nullptr : xa.data(), xs), NhwcView<const T>(dya.data(), dys),
                         NhwcView<T>(dxa.mutable_data(), xs), p, context);
    }
    return dxa;
  });
}

py::object pool2d_backward_indices_py(py::handle indices, py::handle dy, py::handle input_shape,
                                      py::handle kernel_size, py::handle stride, py::handle padding, bool ceil_mode,
                                      py::handle out, py::handle ctx) {
  ArrayArgs args("pool2d_backward_indices");
  const Context& context = call_context(ctx);
  const PoolArgs pool(args, kernel_size, stride, padding, py::str("max"), ceil_mode, false, py::none());
  const NhwcShape xs = input_shape_arg(args, input_shape, out);
  return with_float_type(args.dtype({{"dy", dy}}, out), [&]<class T>() -> py::object {
    auto ia = args.input<std::int32_t>({"indices", indices});
    auto dya = args.input<T>({"dy", dy});
    const NhwcShape is = nhwc_shape(args, "indices", ia), dys = nhwc_shape(args, "dy", dya);
    const Pool2dParams p = pool.params(xs.h, xs.w);
    auto dxa = args.output<T>({"out", out}, dims(xs));
    {
      py::gil_scoped_release release;
      pool2d_backward<T>(NhwcView<const std::int32_t>(ia.data(), is), NhwcView<const T>(dya.data(), dys),
                         NhwcView<T>(dxa.mutable_data(), xs), p, context);
    }
    return dxa;
  });
}

}  // namespace

void bind_pool2d(py::module_& m) {
  m.def("pool2d_forward", &pool2d_forward_py, py::arg("x"), py::arg("kernel_size"), py::arg("stride") = py::none(),
        py::kw_only(), py::arg("mode") = "max", py::arg("padding") = 0, py::arg("ceil_mode") = false,
        py::arg("count_include_pad") = false, py::arg("return_indices") = false, py::arg("out") = py::none(),
        py::arg("ctx") = py::none(), R"doc(
Max or average pooling. x: (n, h, w, c) NHWC. Returns y: (n, ho, wo, c), or with
return_indices=True (max only) (y, indices): int32 h * x.w + w of each window's winner (the first
maximum, or the first NaN), PyTorch's encoding.

kernel_size, stride: int or (h, w); stride None = kernel_size. mode: 'max' or 'avg'.
padding: int, (h, w), (top, bottom, left, right), 'valid' or 'same'; each side smaller than the
kernel; padded cells never win a max. ceil_mode: output size rounds up (a window starting in the
trailing padding is dropped). count_include_pad: average divisor counts padded cells (PyTorch's
default is True; cnnkit's and TensorFlow SAME's is False). out: y, or (y, indices).)doc");
  m.def("pool2d_backward", &pool2d_backward_py, py::arg("x"), py::arg("dy"), py::arg("kernel_size"),
        py::arg("stride") = py::none(), py::kw_only(), py::arg("mode") = "max", py::arg("padding") = 0,
        py::arg("ceil_mode") = false, py::arg("count_include_pad") = false, py::arg("ties") = "first",
        py::arg("out") = py::none(), py::arg("ctx") = py::none(), R"doc(
dx of pool2d_forward given dy (n, ho, wo, c). x: the forward input (n, h, w, c); for mode='avg'
its shape tuple is enough. ties (max): 'first' sends dy to the first maximal cell of each window
(PyTorch); 'all' to every one (the course's mask x == max(x)). Returns dx: x's shape.)doc");
  m.def("pool2d_backward_indices", &pool2d_backward_indices_py, py::arg("indices"), py::arg("dy"),
        py::arg("input_shape"), py::arg("kernel_size"), py::arg("stride") = py::none(), py::kw_only(),
        py::arg("padding") = 0, py::arg("ceil_mode") = false, py::arg("out") = py::none(),
        py::arg("ctx") = py::none(), R"doc(
Max-pool dx from the indices pool2d_forward(..., return_indices=True) saved, instead of x: bitwise
pool2d_backward with ties='first'. indices: int32, dy's shape. input_shape: (n, h, w, c) (None:
out's shape). An index outside its own window is an InvalidArgument naming it.)doc");
}

}  // namespace cnnkit::python

// pad, relu_forward, relu_backward and adam_step on numpy arrays.
#include <pybind11/stl.h>

#include "array_args.hpp"
#include "bindings.hpp"
#include "call_context.hpp"
#include "cnnkit/geometry.hpp"
#include "cnnkit/ops.hpp"
#include "geometry_args.hpp"

namespace cnnkit::python {

namespace py = pybind11;

namespace {

py::object pad_py(py::handle x, py::handle padding, double value, py::handle out, py::handle ctx) {
  ArrayArgs args("pad");
  const Context& context = call_context(ctx);
  const PaddingArg pad = padding_arg(args, "padding", padding);
  if (pad.same) args.invalid("padding='same' has no meaning for pad; give the sides");
  return with_float_type(args.dtype({{"x", x}}, out), [&]<class T>() -> py::object {
    auto xa = args.input<T>({"x", x});
    const NhwcShape xs = nhwc_shape(args, "x", xa);
    const NhwcShape ys = pad_output_shape(xs, pad.explicit_pad);
    auto ya = args.output<T>({"out", out}, {ys.n, ys.h, ys.w, ys.c});
    {
      py::gil_scoped_release release;
      cnnkit::pad<T>(NhwcView<const T>(xa.data(), xs), NhwcView<T>(ya.mutable_data(), ys), pad.explicit_pad,
                     static_cast<T>(value), context);
    }
    return ya;
  });
}

py::object relu_forward_py(py::handle x, py::handle out, py::handle ctx) {
  ArrayArgs args("relu_forward");
  const Context& context = call_context(ctx);
  args.allow_in_place("out", "x");
  return with_float_type(args.dtype({{"x", x}}, out), [&]<class T>() -> py::object {
    auto xa = args.input<T>({"x", x});
    auto ya = args.output<T>({"out", out}, shape_of(xa));
    {
      py::gil_scoped_release release;
      relu_forward<T>(VectorView<const T>(xa.data(), xa.size()), VectorView<T>(ya.mutable_data(), ya.size()), context);
    }
    return ya;
  });
}

py::object relu_backward_py(py::handle x, py::handle dy, py::handle out, py::handle ctx) {
  ArrayArgs args("relu_backward");
  const Context& context = call_context(ctx);
  args.allow_in_place("out", "dy");
  return with_float_type(args.dtype({{"x", x}, {"dy", dy}}, out), [&]<class T>() -> py::object {
    auto xa = args.input<T>({"x", x});
    auto dya = args.input<T>({"dy", dy});
    if (shape_of(xa) != shape_of(dya))
      args.invalid("dy has shape " + shape_string(shape_of(dya)) + "; expected x's shape " + shape_string(shape_of(xa)));
    auto dxa = args.output<T>({"out", out}, shape_of(dya));
    {
      py::gil_scoped_release release;
      relu_backward<T>(VectorView<const T>(xa.data(), xa.size()), VectorView<const T>(dya.data(), dya.size()),
                       VectorView<T>(dxa.mutable_data(), dxa.size()), context);
    }
    return dxa;
  });
}

void adam_step_py(py::handle param, py::handle grad, py::handle m, py::handle v, std::int64_t step, double lr,
                  double beta1, double beta2, double eps, py::handle style, double weight_decay,
                  bool decoupled_weight_decay, py::handle ctx) {
  ArrayArgs args("adam_step");
  const Context& context = call_context(ctx);
  AdamParams p;
  p.lr = lr, p.beta1 = beta1, p.beta2 = beta2, p.eps = eps, p.step = step;
  p.style = adam_style_arg(args, style);
  p.weight_decay = weight_decay, p.decoupled_weight_decay = decoupled_weight_decay;
  with_float_type(args.dtype({{"param", param}, {"grad", grad}, {"m", m}, {"v", v}}), [&]<class T>() {
    auto ga = args.input<T>({"grad", grad});
    auto pa = args.in_out<T>({"param", param});
    auto ma = args.in_out<T>({"m", m});
    auto va = args.in_out<T>({"v", v});
    for (const auto& [name, a] : {std::pair<const char*, const py::array*>{"grad", &ga}, {"m", &ma}, {"v", &va}})
      if (shape_of(*a) != shape_of(pa))
        args.invalid(std::string(name) + " has shape " + shape_string(shape_of(*a)) + "; expected param's shape " +
                     shape_string(shape_of(pa)));
    py::gil_scoped_release release;
    adam_step<T>(VectorView<T>(pa.mutable_data(), pa.size()), VectorView<const T>(ga.data(), ga.size()),
                 VectorView<T>(ma.mutable_data(), ma.size()), VectorView<T>(va.mutable_data(), va.size()), p, context);
  });
}

}  // namespace

void bind_elementwise(py::module_& m) {
  m.def("pad", &pad_py, py::arg("x"), py::arg("padding"), py::arg("value") = 0.0, py::kw_only(),
        py::arg("out") = py::none(), py::arg("ctx") = py::none(), R"doc(
x (n, h, w, c) surrounded by cells of `value` along h and w. padding: int, (h, w) or
(top, bottom, left, right). Returns y: (n, h + top + bottom, w + left + right, c).)doc");
  m.def("relu_forward", &relu_forward_py, py::arg("x"), py::kw_only(), py::arg("out") = py::none(),
        py::arg("ctx") = py::none(), R"doc(
y = max(x, 0), NaN kept, any shape. In place: relu_forward(x, out=x).)doc");
  m.def("relu_backward", &relu_backward_py, py::arg("x"), py::arg("dy"), py::kw_only(), py::arg("out") = py::none(),
        py::arg("ctx") = py::none(), R"doc(
dx = dy where x > 0 (or x is NaN), 0 where x <= 0 (relu'(0) = 0); x and dy of one shape.
In place: relu_backward(x, dy, out=dy).)doc");
  m.def("adam_step", &adam_step_py, py::arg("param"), py::arg("grad"), py::arg("m"), py::arg("v"), py::kw_only(),
        py::arg("step"), py::arg("lr") = 1e-3, py::arg("beta1") = 0.9, py::arg("beta2") = 0.999,
        py::arg("eps") = 1e-8, py::arg("style") = "pytorch", py::arg("weight_decay") = 0.0,
        py::arg("decoupled_weight_decay") = false, py::arg("ctx") = py::none(), R"doc(
One Adam update of param, in place on param, m (first moment) and v (second moment), which must be
writable C-contiguous arrays of grad's dtype and shape (never copied: a copy would lose the update).
step: t, 1-based. style: 'pytorch' (torch.optim.Adam: eps added to the bias-corrected sqrt(v)) or
'tensorflow1' (AdamOptimizer: lr_t = lr*sqrt(1-b2^t)/(1-b1^t)). weight_decay: PyTorch's L2 term, or
with decoupled_weight_decay=True AdamW's p *= 1 - lr*weight_decay.)doc");
}

}  // namespace cnnkit::python

// dense_forward and its backward functions, flatten, and softmax_cross_entropy on numpy arrays.
#include <pybind11/stl.h>

#include "array_args.hpp"
#include "bindings.hpp"
#include "call_context.hpp"
#include "cnnkit/ops.hpp"
#include "out_args.hpp"

namespace cnnkit::python {

namespace py = pybind11;

namespace {

template <class T>
MatrixView<T> matrix(const ArrayArgs& args, const char* name, py::array_t<std::remove_const_t<T>>& a) {
  if (a.ndim() != 2) args.invalid(std::string(name) + " must be 2-D (rows, cols), got shape " + shape_string(shape_of(a)));
  T* data;
  if constexpr (std::is_const_v<T>) data = a.data();
  else data = a.mutable_data();
  return {data, a.shape(0), a.shape(1)};
}

py::object dense_forward_py(py::handle x, py::handle w, py::handle bias, py::handle out, py::handle ctx) {
  ArrayArgs args("dense_forward");
  const Context& context = call_context(ctx);
  return with_float_type(args.dtype({{"x", x}, {"w", w}, {"bias", bias}}, out), [&]<class T>() -> py::object {
    auto xa = args.input<T>({"x", x});
    auto wa = args.input<T>({"w", w});
    const auto xv = matrix<const T>(args, "x", xa);
    const auto wv = matrix<const T>(args, "w", wa);
    py::array_t<T> ba;
    VectorView<const T> bv;
    if (!bias.is_none()) {
      ba = args.input<T>({"bias", bias});
      bv = {ba.data(), bias_size(args, "bias", ba)};
    }
    auto ya = args.output<T>({"out", out}, {xv.rows, wv.cols});
    const auto yv = matrix<T>(args, "out", ya);
    {
      py::gil_scoped_release release;
      dense_forward<T>(xv, wv, bv, yv, context);
    }
    return ya;
  });
}

py::object dense_backward_data_py(py::handle dy, py::handle w, py::handle out, py::handle ctx) {
  ArrayArgs args("dense_backward_data");
  const Context& context = call_context(ctx);
  return with_float_type(args.dtype({{"dy", dy}, {"w", w}}, out), [&]<class T>() -> py::object {
    auto dya = args.input<T>({"dy", dy});
    auto wa = args.input<T>({"w", w});
    const auto dyv = matrix<const T>(args, "dy", dya);
    const auto wv = matrix<const T>(args, "w", wa);
    auto dxa = args.output<T>({"out", out}, {dyv.rows, wv.rows});
    const auto dxv = matrix<T>(args, "out", dxa);
    {
      py::gil_scoped_release release;
      dense_backward_data<T>(dyv, wv, dxv, context);
    }
    return dxa;
  });
}

py::object dense_backward_weights_py(py::handle x, py::handle dy, py::handle out, py::handle ctx) {
  ArrayArgs args("dense_backward_weights");
  const Context& context = call_context(ctx);
  return with_float_type(args.dtype({{"x", x}, {"dy", dy}}, out), [&]<class T>() -> py::object {
    auto xa = args.input<T>({"x", x});
    auto dya = args.input<T>({"dy", dy});
    const auto xv = matrix<const T>(args, "x", xa);
    const auto dyv = matrix<const T>(args, "dy", dya);
    auto dwa = args.output<T>({"out", out}, {xv.cols, dyv.cols});
    const auto dwv = matrix<T>(args, "out", dwa);
    {
      py::gil_scoped_release release;
      dense_backward_weights<T>(xv, dyv, dwv, context);
    }
    return dwa;
  });
}

py::object dense_backward_bias_py(py::handle dy, py::handle out, py::handle ctx) {
  ArrayArgs args("dense_backward_bias");
  const Context& context = call_context(ctx);
  return with_float_type(args.dtype({{"dy", dy}}, out), [&]<class T>() -> py::object {
    auto dya = args.input<T>({"dy", dy});
    const auto dyv = matrix<const T>(args, "dy", dya);
    auto dba = args.output<T>({"out", out}, {dyv.cols});
    {
      py::gil_scoped_release release;
      dense_backward_bias<T>(dyv, VectorView<T>(dba.mutable_data(), dyv.cols), context);
    }
    return dba;
  });
}

py::object dense_backward_py(py::handle x, py::handle w, py::handle dy, py::handle out, py::handle ctx) {
  ArrayArgs args("dense_backward");
  const Context& context = call_context(ctx);
  const auto outs = out_tuple<3>("dense_backward", out);
  return with_float_type(args.dtype({{"x", x}, {"w", w}, {"dy", dy}}, outs[0]), [&]<class T>() -> py::object {
    auto xa = args.input<T>({"x", x});
    auto wa = args.input<T>({"w", w});
    auto dya = args.input<T>({"dy", dy});
    const auto xv = matrix<const T>(args, "x", xa);
    const auto wv = matrix<const T>(args, "w", wa);
    const auto dyv = matrix<const T>(args, "dy", dya);
    auto dxa = args.output<T>({"out[0]", outs[0]}, {xv.rows, xv.cols});
    auto dwa = args.output<T>({"out[1]", outs[1]}, {wv.rows, wv.cols});
    auto dba = args.output<T>({"out[2]", outs[2]}, {wv.cols});
    const auto dxv = matrix<T>(args, "out[0]", dxa);
    const auto dwv = matrix<T>(args, "out[1]", dwa);
    {
      py::gil_scoped_release release;
      dense_backward<T>(xv, wv, dyv, dxv, dwv, VectorView<T>(dba.mutable_data(), wv.cols), context);
    }
    return py::make_tuple(dxa, dwa, dba);
  });
}

py::object softmax_cross_entropy_py(py::handle logits, py::handle labels, bool grad, py::handle out, py::handle ctx) {
  ArrayArgs args("softmax_cross_entropy");
  const Context& context = call_context(ctx);
  // Class indices: a 1-D integer array (or sequence of ints); probability rows otherwise.
  py::array labels_array = py::module_::import("numpy").attr("asarray")(labels);
  const char kind = labels_array.dtype().kind();
  const bool indices = labels_array.ndim() == 1 && (kind == 'i' || kind == 'u');
  const FloatType type = args.dtype({{"logits", logits}, {"labels", indices ? py::handle(py::none()) : labels}}, out);
  return with_float_type(type, [&]<class T>() -> py::object {
    auto la = args.input<T>({"logits", logits});
    const auto lv = matrix<const T>(args, "logits", la);
    py::array_t<T> da;
    MatrixView<T> dv;
    if (grad) {
      da = args.output<T>({"out", out}, {lv.rows, lv.cols});
      dv = matrix<T>(args, "out", da);
    } else if (!out.is_none()) {
      args.invalid("out is given but grad=False (no dlogits to write)");
    }
    T loss;
    if (indices) {
      auto ia = args.input<std::int64_t>({"labels", labels});
      const VectorView<const std::int64_t> iv(ia.data(), ia.shape(0));
      py::gil_scoped_release release;
      loss = softmax_cross_entropy<T>(lv, iv, dv, context);
    } else {
      auto ya = args.input<T>({"labels", labels});
      const auto yv = matrix<const T>(args, "labels", ya);
      py::gil_scoped_release release;
      loss = softmax_cross_entropy<T>(lv, yv, dv, context);
    }
    if (!grad) return py::float_(loss);
    return py::make_tuple(py::float_(loss), da);
  });
}

py::object flatten_py(py::handle x) {
  ArrayArgs args("flatten");
  if (!py::isinstance<py::array>(x)) args.type_error("x must be a numpy array");
  py::array a = py::reinterpret_borrow<py::array>(x);
  const NhwcShape s = nhwc_shape(args, "x", a);
  if (!(a.flags() & py::array::c_style)) args.invalid("x must be C-contiguous (flatten returns a view)");
  // cnnkit::flatten checks h*w*c and gives the (n, h*w*c) view's shape.
  const MatrixView<const char> view = flatten(NhwcView<const char>(nullptr, s));
  return a.attr("reshape")(view.rows, view.cols);
}

}  // namespace

void bind_dense(py::module_& m) {
  m.def("dense_forward", &dense_forward_py, py::arg("x"), py::arg("w"), py::arg("bias") = py::none(), py::kw_only(),
        py::arg("out") = py::none(), py::arg("ctx") = py::none(), R"doc(
y = x @ w + bias. x: (m, n_in), w: (n_in, n_out), bias: (n_out,) or None. Returns y: (m, n_out).
Use flatten(x) to feed an NHWC tensor.)doc");
  m.def("dense_backward_data", &dense_backward_data_py, py::arg("dy"), py::arg("w"), py::kw_only(),
        py::arg("out") = py::none(), py::arg("ctx") = py::none(), "dx = dy @ w.T. dy: (m, n_out), w: (n_in, n_out). Returns dx: (m, n_in).");
  m.def("dense_backward_weights", &dense_backward_weights_py, py::arg("x"), py::arg("dy"), py::kw_only(),
        py::arg("out") = py::none(), py::arg("ctx") = py::none(), "dw = x.T @ dy. x: (m, n_in), dy: (m, n_out). Returns dw: (n_in, n_out).");
  m.def("dense_backward_bias", &dense_backward_bias_py, py::arg("dy"), py::kw_only(), py::arg("out") = py::none(),
        py::arg("ctx") = py::none(), "db = dy summed over rows. dy: (m, n_out). Returns db: (n_out,).");
  m.def("dense_backward", &dense_backward_py, py::arg("x"), py::arg("w"), py::arg("dy"), py::kw_only(),
        py::arg("out") = py::none(), py::arg("ctx") = py::none(), R"doc(
(dx, dw, db) of dense_forward in one call. out: None or (dx, dw, db), any of them None.)doc");
  m.def("softmax_cross_entropy", &softmax_cross_entropy_py, py::arg("logits"), py::arg("labels"), py::kw_only(),
        py::arg("grad") = true, py::arg("out") = py::none(), py::arg("ctx") = py::none(), R"doc(
loss = mean over rows of -sum_j labels[i, j] * log_softmax(logits[i])_j (stable for any finite logits),
and dlogits = (softmax(logits) * sum_j labels[i, j] - labels) / m.

logits: (m, classes). labels: (m, classes) rows (need not be one-hot), or (m,) integer class indices.
Returns (loss, dlogits), or loss alone with grad=False.)doc");
  m.def("flatten", &flatten_py, py::arg("x"), R"doc(
An (n, h*w*c) view of a C-contiguous NHWC x (row-major, TensorFlow's order; no copy).)doc");
}

}  // namespace cnnkit::python

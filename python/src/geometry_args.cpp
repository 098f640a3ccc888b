#include "geometry_args.hpp"

#include <string>

#include "cnnkit/geometry.hpp"

namespace cnnkit::python {

namespace {

// operator.index semantics (Python and numpy integers; bool and float refused).
std::optional<std::int64_t> as_int(py::handle value) {
  if (PyBool_Check(value.ptr()) || !PyIndex_Check(value.ptr())) return std::nullopt;
  py::object index = py::reinterpret_steal<py::object>(PyNumber_Index(value.ptr()));
  if (!index) {
    PyErr_Clear();
    return std::nullopt;
  }
  int overflow = 0;
  const long long v = PyLong_AsLongLongAndOverflow(index.ptr(), &overflow);
  if (overflow != 0) return std::nullopt;
  return static_cast<std::int64_t>(v);
}

std::optional<std::vector<std::int64_t>> as_ints(py::handle value) {
  if (!py::isinstance<py::sequence>(value) || py::isinstance<py::str>(value)) return std::nullopt;
  std::vector<std::int64_t> out;
  for (py::handle item : py::reinterpret_borrow<py::sequence>(value)) {
    const auto v = as_int(item);
    if (!v) return std::nullopt;
    out.push_back(*v);
  }
  return out;
}

std::string repr_of(py::handle value) { return py::repr(value).cast<std::string>(); }

std::optional<std::string> as_string(py::handle value) {
  if (!py::isinstance<py::str>(value)) return std::nullopt;
  return value.cast<std::string>();
}

}  // namespace

HwPair hw_pair(const ArrayArgs& args, const char* name, py::handle value) {
  if (const auto v = as_int(value)) return {*v, *v};
  if (const auto v = as_ints(value); v && v->size() == 2) return {(*v)[0], (*v)[1]};
  args.type_error(std::string(name) + " must be an int or a pair (h, w) of ints, got " + repr_of(value));
}

Padding PaddingArg::resolve(std::int64_t in_h, std::int64_t in_w, HwPair kernel, HwPair stride, HwPair dilation) const {
  if (!same) return explicit_pad;
  return same_padding(in_h, in_w, kernel.h, kernel.w, stride.h, stride.w, dilation.h, dilation.w);
}

PaddingArg padding_arg(const ArrayArgs& args, const char* name, py::handle value) {
  if (const auto s = as_string(value)) {
    if (*s == "same") return {{}, true};
    if (*s == "valid") return {};
  } else if (const auto p = as_int(value)) {
    return {Padding::symmetric(*p), false};
  } else if (const auto v = as_ints(value)) {
    if (v->size() == 2) return {{(*v)[0], (*v)[0], (*v)[1], (*v)[1]}, false};
    if (v->size() == 4) return {{(*v)[0], (*v)[1], (*v)[2], (*v)[3]}, false};
  }
  args.invalid(std::string(name) + " must be an int, (h, w), (top, bottom, left, right), 'valid' or 'same', got " +
               repr_of(value));
}

PoolMode pool_mode_arg(const ArrayArgs& args, py::handle value) {
  const auto s = as_string(value);
  if (s == "max") return PoolMode::max;
  if (s == "avg") return PoolMode::avg;
  args.invalid("mode must be 'max' or 'avg', got " + repr_of(value));
}

TiePolicy ties_arg(const ArrayArgs& args, py::handle value) {
  const auto s = as_string(value);
  if (s == "first") return TiePolicy::first;
  if (s == "all") return TiePolicy::all;
  args.invalid("ties must be 'first' or 'all', got " + repr_of(value));
}

AdamStyle adam_style_arg(const ArrayArgs& args, py::handle value) {
  const auto s = as_string(value);
  if (s == "pytorch") return AdamStyle::pytorch;
  if (s == "tensorflow1") return AdamStyle::tensorflow1;
  args.invalid("style must be 'pytorch' or 'tensorflow1', got " + repr_of(value));
}

Conv2dEpilogue epilogue_arg(const ArrayArgs& args, py::handle value) {
  if (value.is_none()) return Conv2dEpilogue::none;
  const auto s = as_string(value);
  if (s == "none") return Conv2dEpilogue::none;
  if (s == "relu") return Conv2dEpilogue::relu;
  args.invalid("epilogue must be 'none' or 'relu', got " + repr_of(value));
}

std::vector<std::int64_t> shape_arg(const ArrayArgs& args, const char* name, py::handle value, std::size_t rank) {
  if (const auto v = as_ints(value); v && v->size() == rank) return *v;
  args.invalid(std::string(name) + " must be a tuple of " + std::to_string(rank) + " ints, got " + repr_of(value));
}

NhwcShape input_shape_arg(const ArrayArgs& args, py::handle input_shape, py::handle out) {
  std::vector<std::int64_t> d;
  if (!input_shape.is_none()) d = shape_arg(args, "input_shape", input_shape, 4);
  else if (py::isinstance<py::array>(out)) d = shape_of(py::reinterpret_borrow<py::array>(out));
  else args.invalid("input_shape is None and out is not an array: the input's shape (n, h, w, c) is needed");
  if (d.size() != 4) args.invalid("out must be 4-D NHWC, got shape " + shape_string(d));
  return {d[0], d[1], d[2], d[3]};
}

}  // namespace cnnkit::python

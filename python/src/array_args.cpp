#include "array_args.hpp"

#include <algorithm>
#include <optional>
#include <sstream>

#include "cnnkit/error.hpp"

namespace cnnkit::python {

namespace {

template <class T>
const char* dtype_name() {
  if constexpr (std::is_same_v<T, float>) return "float32";
  else if constexpr (std::is_same_v<T, double>) return "float64";
  else if constexpr (std::is_same_v<T, std::int32_t>) return "int32";
  else return "int64";
}

std::string dtype_string(const py::array& a) { return py::str(a.dtype()).cast<std::string>(); }

bool is_c_contiguous_aligned(const py::array& a) {
  const int flags = a.flags();
  return (flags & py::array::c_style) && (flags & py::detail::npy_api::NPY_ARRAY_ALIGNED_);
}

// The byte range an array's elements occupy ([lo, hi); empty for an empty array). Strides may
// be negative (reversed views), so each axis extends the range on its own side.
struct ByteRange {
  std::intptr_t lo = 0, hi = 0;
  bool empty() const { return lo >= hi; }
};

ByteRange byte_range(const py::array& a) {
  if (a.size() == 0) return {};
  auto lo = reinterpret_cast<std::intptr_t>(a.data());
  std::intptr_t hi = lo;
  for (py::ssize_t d = 0; d < a.ndim(); ++d) {
    const std::intptr_t extent = static_cast<std::intptr_t>(a.strides(d)) * (a.shape(d) - 1);
    if (extent > 0) hi += extent; else lo += extent;
  }
  return {lo, hi + static_cast<std::intptr_t>(a.itemsize())};
}

bool overlaps(const py::array& a, const py::array& b) {
  const ByteRange ra = byte_range(a), rb = byte_range(b);
  return !ra.empty() && !rb.empty() && ra.lo < rb.hi && rb.lo < ra.hi;
}

bool same_memory(const py::array& a, const py::array& b) {
  return a.data() == b.data() && a.nbytes() == b.nbytes() && shape_of(a) == shape_of(b);
}

std::optional<FloatType> float_type_of(py::handle object) {
  if (py::isinstance<py::array_t<float>>(object)) return FloatType::f32;
  if (py::isinstance<py::array_t<double>>(object)) return FloatType::f64;
  return std::nullopt;
}

const char* float_type_name(FloatType t) { return t == FloatType::f32 ? "float32" : "float64"; }

}  // namespace

std::vector<std::int64_t> shape_of(const py::array& a) {
  std::vector<std::int64_t> shape(static_cast<std::size_t>(a.ndim()));
  for (py::ssize_t d = 0; d < a.ndim(); ++d) shape[static_cast<std::size_t>(d)] = a.shape(d);
  return shape;
}

std::vector<std::int64_t> dims(const NhwcShape& s) { return {s.n, s.h, s.w, s.c}; }
std::vector<std::int64_t> dims(const HwioShape& s) { return {s.kh, s.kw, s.c_in_per_group, s.c_out}; }

std::optional<FloatType> float_type_named(py::handle dtype) {
  py::object dt = py::module_::import("numpy").attr("dtype")(dtype);
  if (dt.equal(py::dtype::of<float>())) return FloatType::f32;
  if (dt.equal(py::dtype::of<double>())) return FloatType::f64;
  return std::nullopt;
}

std::string shape_string(const std::vector<std::int64_t>& shape) {
  std::ostringstream s;
  s << '(';
  for (std::size_t i = 0; i < shape.size(); ++i) s << (i ? ", " : "") << shape[i];
  s << (shape.size() == 1 ? ",)" : ")");
  return s.str();
}

void ArrayArgs::invalid(const std::string& what) const {
  throw Error(Status::invalid_argument, std::string("cnnkit.") + function_ + ": " + what);
}

void ArrayArgs::type_error(const std::string& what) const {
  throw py::type_error(std::string("cnnkit.") + function_ + ": " + what);
}

FloatType ArrayArgs::dtype(std::initializer_list<Named> floats, py::handle fallback,
                           std::optional<Fixed> fixed) const {
  const char* first = fixed ? fixed->name : nullptr;
  FloatType found = fixed ? fixed->type : FloatType::f64;
  for (const Named& arg : floats) {
    const auto t = float_type_of(arg.object);
    if (!t) continue;
    if (first && *t != found)
      type_error(std::string(arg.name) + " is " + float_type_name(*t) + " but " + first + " is " +
                 float_type_name(found) + "; cnnkit does not mix dtypes (convert one with .astype)");
    if (!first) first = arg.name, found = *t;
  }
  if (first) return found;
  if (const auto t = float_type_of(fallback)) return *t;
  return FloatType::f64;
}

template <class T>
py::array_t<T> ArrayArgs::input(Named arg) {
  if (py::isinstance<py::array_t<T>>(arg.object)) {  // the fast path: no numpy call
    py::array a = py::reinterpret_borrow<py::array>(arg.object);
    inputs_.emplace_back(arg.name, a);
    if (is_c_contiguous_aligned(a)) return py::reinterpret_borrow<py::array_t<T>>(a);  // zero copy
  }
  py::module_ numpy = py::module_::import("numpy");
  const py::dtype target = py::dtype::of<T>();
  if (!py::isinstance<py::array>(arg.object)) {
    if (arg.object.is_none()) type_error(std::string(arg.name) + " is None; expected an array");
    // Python scalars and sequences: np.asarray(obj, dtype) for float targets. Integer targets go
    // through np.asarray first, so a list of floats is refused instead of truncated.
    py::object converted = std::is_floating_point_v<T> ? numpy.attr("asarray")(arg.object, target)
                                                       : numpy.attr("asarray")(arg.object);
    return input<T>(Named{arg.name, converted});
  }
  py::array a = py::reinterpret_borrow<py::array>(arg.object);
  if (!py::isinstance<py::array_t<T>>(a)) {
    inputs_.emplace_back(arg.name, a);
    const char kind = a.dtype().kind();
    const bool integral = kind == 'b' || kind == 'i' || kind == 'u';
    if (!integral || !numpy.attr("can_cast")(a.dtype(), target, "safe").cast<bool>())
      type_error(std::string(arg.name) + " has dtype " + dtype_string(a) + "; expected " + dtype_name<T>() +
                 (std::is_floating_point_v<T> ? " (or a bool/integer array that converts to it exactly)"
                                              : " (or an integer array that converts to it exactly)"));
  }
  // A fresh, aligned, C-contiguous copy of the target dtype.
  py::object copy = numpy.attr("array")(a, target, py::arg("order") = "C", py::arg("copy") = true);
  return py::reinterpret_steal<py::array_t<T>>(copy.release());
}

void ArrayArgs::check_overlap(const char* name, const py::array& out) const {
  for (const auto& entry : inputs_) {
    const char* input_name = entry.first;  // not a structured binding: clang 14 cannot capture one
    const py::array& input = entry.second;
    if (!overlaps(out, input)) continue;
    const bool allowed = std::any_of(in_place_.begin(), in_place_.end(), [&](const auto& pair) {
      return pair.first == name && pair.second == input_name;
    });
    if (allowed && same_memory(out, input)) continue;
    invalid(std::string(name) + " overlaps " + input_name + " in memory; outputs must not share memory with inputs" +
            (allowed ? std::string(" (in place means ") + name + " is " + input_name + " itself)" : ""));
  }
  for (const auto& [output_name, output] : outputs_)
    if (overlaps(out, output)) invalid(std::string(name) + " overlaps " + output_name + " in memory");
}

template <class T>
py::array_t<T> ArrayArgs::output(Named arg, const std::vector<std::int64_t>& shape) {
  if (arg.object.is_none()) {
    py::array_t<T> fresh(std::vector<py::ssize_t>(shape.begin(), shape.end()));
    outputs_.emplace_back(arg.name, fresh);
    return fresh;
  }
  if (!py::isinstance<py::array>(arg.object))
    type_error(std::string(arg.name) + " must be a numpy array (or None), got " +
               py::str(py::type::of(arg.object)).cast<std::string>());
  py::array a = py::reinterpret_borrow<py::array>(arg.object);
  if (!py::isinstance<py::array_t<T>>(a))
    type_error(std::string(arg.name) + " has dtype " + dtype_string(a) + "; expected " + dtype_name<T>() +
               " (outputs are never converted)");
  if (shape_of(a) != shape)
    invalid(std::string(arg.name) + " has shape " + shape_string(shape_of(a)) + "; expected " + shape_string(shape));
  if (!is_c_contiguous_aligned(a)) invalid(std::string(arg.name) + " must be C-contiguous (and aligned)");
  if (!a.writeable()) invalid(std::string(arg.name) + " is read-only");
  check_overlap(arg.name, a);
  outputs_.emplace_back(arg.name, a);
  return py::reinterpret_borrow<py::array_t<T>>(a);
}

template <class T>
py::array_t<T> ArrayArgs::in_out(Named arg) {
  if (!py::isinstance<py::array>(arg.object))
    type_error(std::string(arg.name) + " must be a numpy array (it is updated in place)");
  py::array a = py::reinterpret_borrow<py::array>(arg.object);
  if (!py::isinstance<py::array_t<T>>(a))
    type_error(std::string(arg.name) + " has dtype " + dtype_string(a) + "; expected " + dtype_name<T>() +
               " (it is updated in place, so it is never converted)");
  return output<T>(arg, shape_of(a));
}

NhwcShape nhwc_shape(const ArrayArgs& args, const char* name, const py::array& a) {
  if (a.ndim() != 4) args.invalid(std::string(name) + " must be 4-D NHWC (n, h, w, c), got shape " + shape_string(shape_of(a)));
  return {a.shape(0), a.shape(1), a.shape(2), a.shape(3)};
}

HwioShape hwio_shape(const ArrayArgs& args, const char* name, const py::array& a) {
  if (a.ndim() != 4)
    args.invalid(std::string(name) + " must be 4-D HWIO (kh, kw, c_in/groups, c_out), got shape " + shape_string(shape_of(a)));
  return {a.shape(0), a.shape(1), a.shape(2), a.shape(3)};
}

std::int64_t bias_size(const ArrayArgs& args, const char* name, const py::array& a) {
  const auto shape = shape_of(a);
  const bool ok = !shape.empty() && std::all_of(shape.begin(), shape.end() - 1, [](std::int64_t d) { return d == 1; });
  if (!ok) args.invalid(std::string(name) + " must have shape (k,) or (1, ..., 1, k), got " + shape_string(shape));
  return shape.back();
}

#define CNNKIT_PYTHON_INSTANTIATE(T)                                                    \
  template py::array_t<T> ArrayArgs::input<T>(Named);                                   \
  template py::array_t<T> ArrayArgs::output<T>(Named, const std::vector<std::int64_t>&); \
  template py::array_t<T> ArrayArgs::in_out<T>(Named);
CNNKIT_PYTHON_INSTANTIATE(float)
CNNKIT_PYTHON_INSTANTIATE(double)
CNNKIT_PYTHON_INSTANTIATE(std::int32_t)
CNNKIT_PYTHON_INSTANTIATE(std::int64_t)
#undef CNNKIT_PYTHON_INSTANTIATE

}  // namespace cnnkit::python

// How the module turns Python arguments into cnnkit views, by the rules in python/README.md
// ("Arrays: what is copied, what is refused"): the call's dtype from its floating-point arrays,
// zero copy for C-contiguous aligned arrays of that dtype, documented conversions otherwise, and
// outputs checked (dtype, shape, C order, writable, no overlap with any input) before anything runs.
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cnnkit/tensor.hpp"

namespace cnnkit::python {

namespace py = pybind11;

enum class FloatType { f32, f64 };

// One argument as the user passed it, with the name errors use.
struct Named {
  const char* name;
  py::handle object;
};

// The arguments of one op call: resolves the dtype, converts inputs, checks outputs. Messages start
// with "cnnkit.<function>: " and name the argument.
class ArrayArgs {
 public:
  explicit ArrayArgs(const char* function) : function_(function) {}

  // The call's dtype: that of the float32/float64 arrays among `floats` and of `fixed` (an
  // argument whose dtype is not an array's: prepacked weights) -- they must agree, a TypeError
  // names both otherwise -- else `fallback`'s if it is such an array, else float64.
  struct Fixed {
    const char* name;
    FloatType type;
  };
  FloatType dtype(std::initializer_list<Named> floats, py::handle fallback = py::none(),
                  std::optional<Fixed> fixed = std::nullopt) const;

  // An input of element type T: the array itself when it is already T, C-contiguous and aligned
  // (zero copy), else a converted copy by the documented rules (TypeError when refused).
  template <class T>
  py::array_t<T> input(Named arg);

  // An output of element type T and `shape`: a new array when arg.object is None, else the
  // caller's array after checking dtype, shape, C order, writability and that it overlaps no
  // input seen so far and no earlier output (except an allowed in-place input, see allow_in_place).
  template <class T>
  py::array_t<T> output(Named arg, const std::vector<std::int64_t>& shape);

  // An array updated in place (Adam's param, m, v): never converted, checked like an output
  // whose shape is the array's own.
  template <class T>
  py::array_t<T> in_out(Named arg);

  // Lets output `output_name` be exactly input `input_name` (same memory, same shape).
  void allow_in_place(const char* output_name, const char* input_name) { in_place_.emplace_back(output_name, input_name); }

  // Errors in this call's wording.
  [[noreturn]] void invalid(const std::string& what) const;      // cnnkit.InvalidArgument
  [[noreturn]] void type_error(const std::string& what) const;   // TypeError
  const char* function() const { return function_; }

 private:
  void check_overlap(const char* name, const py::array& out) const;

  const char* function_;
  std::vector<std::pair<const char*, py::array>> inputs_;   // the caller's arrays, before conversion
  std::vector<std::pair<const char*, py::array>> outputs_;
  std::vector<std::pair<std::string, std::string>> in_place_;
};

// Shapes as cnnkit's views want them; `name` appears in the error.
NhwcShape nhwc_shape(const ArrayArgs& args, const char* name, const py::array& a);
HwioShape hwio_shape(const ArrayArgs& args, const char* name, const py::array& a);
// A bias: (k,) or any shape whose dimensions but the last are 1 (the course's (1, 1, 1, k)).
std::int64_t bias_size(const ArrayArgs& args, const char* name, const py::array& a);
std::vector<std::int64_t> shape_of(const py::array& a);
std::vector<std::int64_t> dims(const NhwcShape& s);
std::vector<std::int64_t> dims(const HwioShape& s);
// float32 or float64 for anything np.dtype() takes (np.float32, "float64", a dtype); nullopt else.
std::optional<FloatType> float_type_named(py::handle dtype);
std::string shape_string(const std::vector<std::int64_t>& shape);

// Runs body<float>() or body<double>() for the call's dtype.
template <class Body>
decltype(auto) with_float_type(FloatType t, Body&& body) {
  if (t == FloatType::f32) return body.template operator()<float>();
  return body.template operator()<double>();
}

}  // namespace cnnkit::python

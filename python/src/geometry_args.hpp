// The ops' keyword parameters as Python spells them: ints or (h, w) pairs, padding as an int,
// a pair, four sides, "valid" or "same" (TensorFlow SAME, resolved once the input size is known),
// and the enum strings. Errors name the parameter and list what it accepts.
#pragma once

#include <pybind11/pybind11.h>

#include <cstdint>
#include <optional>
#include <utility>

#include "array_args.hpp"
#include "cnnkit/params.hpp"

namespace cnnkit::python {

struct HwPair {
  std::int64_t h = 1, w = 1;
};

// An int v (both axes) or a length-2 sequence (h, w).
HwPair hw_pair(const ArrayArgs& args, const char* name, py::handle value);

// padding: explicit sides, or SAME to be resolved from the input size.
struct PaddingArg {
  Padding explicit_pad{};
  bool same = false;
  // TensorFlow SAME for this input size, kernel, stride and dilation; the explicit sides otherwise.
  Padding resolve(std::int64_t in_h, std::int64_t in_w, HwPair kernel, HwPair stride, HwPair dilation = {}) const;
};
PaddingArg padding_arg(const ArrayArgs& args, const char* name, py::handle value);

PoolMode pool_mode_arg(const ArrayArgs& args, py::handle value);
TiePolicy ties_arg(const ArrayArgs& args, py::handle value);
AdamStyle adam_style_arg(const ArrayArgs& args, py::handle value);
Conv2dEpilogue epilogue_arg(const ArrayArgs& args, py::handle value);

// A shape tuple of exactly `rank` ints.
std::vector<std::int64_t> shape_arg(const ArrayArgs& args, const char* name, py::handle value, std::size_t rank);

// A backward call's input_shape: the tuple given, or (None) the shape of the out= array.
NhwcShape input_shape_arg(const ArrayArgs& args, py::handle input_shape, py::handle out);

}  // namespace cnnkit::python

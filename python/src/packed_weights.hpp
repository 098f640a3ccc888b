// The Python objects for prepacked weights: one class per direction, holding the float or the
// double packing (the dtype of the weights they were made from).
#pragma once

#include <variant>

#include "cnnkit/prepack.hpp"

namespace cnnkit::python {

struct PyConv2dPackedWeights {
  std::variant<Conv2dPackedWeights<float>, Conv2dPackedWeights<double>> packed;
};

struct PyConv2dBackwardDataPackedWeights {
  std::variant<Conv2dBackwardDataPackedWeights<float>, Conv2dBackwardDataPackedWeights<double>> packed;
};

}  // namespace cnnkit::python

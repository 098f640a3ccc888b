// cnnkit::Error as Python exceptions: invalid_argument -> cnnkit.InvalidArgument (a ValueError),
// unsupported -> cnnkit.Unsupported (a RuntimeError), out_of_memory -> MemoryError, anything else
// -> cnnkit.InternalError (a RuntimeError). The message is cnnkit's, which names the argument.
#pragma once

#include <pybind11/pybind11.h>

namespace cnnkit::python {

void register_errors(pybind11::module_& m);

}  // namespace cnnkit::python

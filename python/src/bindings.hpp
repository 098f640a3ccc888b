// One function per area of the API, each adding its part to the module (module.cpp calls them).
#pragma once

#include <pybind11/pybind11.h>

namespace cnnkit::python {

void bind_context(pybind11::module_& m);
void bind_dispatch(pybind11::module_& m);
void bind_conv2d(pybind11::module_& m);
void bind_pool2d(pybind11::module_& m);
void bind_dense(pybind11::module_& m);
void bind_elementwise(pybind11::module_& m);
void bind_helpers(pybind11::module_& m);
void bind_prepack(pybind11::module_& m);
void bind_testing(pybind11::module_& m);
void bind_thread_plan(pybind11::module_& m);

}  // namespace cnnkit::python

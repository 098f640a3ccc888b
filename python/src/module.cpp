// cnnkit._cnnkit: the compiled half of `import cnnkit` (python/cnnkit/__init__.py re-exports it).
#include <pybind11/pybind11.h>

#include "bindings.hpp"
#include "cnnkit/version.hpp"
#include "errors.hpp"

PYBIND11_MODULE(_cnnkit, m) {
  m.doc() =
      "cnnkit: CNN layer primitives for the CPU on numpy arrays (NHWC activations, HWIO weights,\n"
      "float32 and float64). Inputs of the call's dtype that are C-contiguous are read in place;\n"
      "the GIL is released while an op runs. See python/README.md.";
  m.attr("__version__") = CNNKIT_VERSION_STRING;
  cnnkit::python::register_errors(m);
  cnnkit::python::bind_context(m);
  cnnkit::python::bind_dispatch(m);
  cnnkit::python::bind_prepack(m);
  cnnkit::python::bind_conv2d(m);
  cnnkit::python::bind_pool2d(m);
  cnnkit::python::bind_dense(m);
  cnnkit::python::bind_elementwise(m);
  cnnkit::python::bind_helpers(m);
  cnnkit::python::bind_thread_plan(m);
  cnnkit::python::bind_testing(m);
}

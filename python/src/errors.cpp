#include "errors.hpp"

#include "cnnkit/error.hpp"

namespace cnnkit::python {

namespace py = pybind11;

namespace {

// Owned by the module's dict for the interpreter's lifetime; kept here for the translator.
PyObject* invalid_argument_type = nullptr;
PyObject* unsupported_type = nullptr;
PyObject* internal_error_type = nullptr;

PyObject* new_exception(py::module_& m, const char* name, PyObject* base, const char* doc) {
  const std::string qualified = std::string("cnnkit.") + name;
  PyObject* type = PyErr_NewExceptionWithDoc(qualified.c_str(), doc, base, nullptr);
  if (!type) throw py::error_already_set();
  m.add_object(name, py::handle(type));  // steals nothing: add_object increments the count
  return type;
}

}  // namespace

void register_errors(py::module_& m) {
  invalid_argument_type = new_exception(m, "InvalidArgument", PyExc_ValueError,
                                        "cnnkit rejected an argument; the message names it and what was expected.");
  unsupported_type = new_exception(m, "Unsupported", PyExc_RuntimeError,
                                   "A forced variant cannot run on this CPU, ISA cap, threading policy or problem.");
  internal_error_type = new_exception(m, "InternalError", PyExc_RuntimeError, "An error inside cnnkit.");
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const Error& e) {
      switch (e.status()) {
        case Status::invalid_argument: PyErr_SetString(invalid_argument_type, e.what()); return;
        case Status::unsupported: PyErr_SetString(unsupported_type, e.what()); return;
        case Status::out_of_memory: PyErr_SetString(PyExc_MemoryError, e.what()); return;
        default: PyErr_SetString(internal_error_type, e.what()); return;
      }
    }
  });
}

}  // namespace cnnkit::python

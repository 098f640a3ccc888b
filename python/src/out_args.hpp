// out= for functions with several outputs: None, or a tuple/list of that many entries (each an
// array or None).
#pragma once

#include <pybind11/pybind11.h>

#include <array>
#include <string>

namespace cnnkit::python {

template <std::size_t N>
std::array<pybind11::handle, N> out_tuple(const char* function, pybind11::handle out) {
  namespace py = pybind11;
  std::array<py::handle, N> entries;
  entries.fill(py::none());
  if (out.is_none()) return entries;
  if ((!py::isinstance<py::tuple>(out) && !py::isinstance<py::list>(out)) || py::len(out) != N)
    throw py::type_error(std::string("cnnkit.") + function + ": out must be None or a tuple of " + std::to_string(N) +
                         " arrays (each may be None)");
  py::sequence seq = py::reinterpret_borrow<py::sequence>(out);
  for (std::size_t i = 0; i < N; ++i) entries[i] = seq[i];
  return entries;
}

}  // namespace cnnkit::python

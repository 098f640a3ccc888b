// Test hooks (underscore names, not in __all__): what the ops' argument code does with an array,
// so the tests can prove the zero-copy rule on the very code path every op uses.
#include "array_args.hpp"
#include "bindings.hpp"

namespace cnnkit::python {

namespace py = pybind11;

void bind_testing(py::module_& m) {
  m.def(
      "_as_input",
      [](py::handle x, py::handle dtype) -> py::object {
        ArrayArgs args("_as_input");
        if (const auto t = float_type_named(dtype))
          return *t == FloatType::f32 ? py::object(args.input<float>({"x", x})) : py::object(args.input<double>({"x", x}));
        if (py::module_::import("numpy").attr("dtype")(dtype).equal(py::dtype::of<std::int32_t>()))
          return args.input<std::int32_t>({"x", x});
        return args.input<std::int64_t>({"x", x});
      },
      py::arg("x"), py::arg("dtype"),
      "The array an op would read for input x of that dtype: x itself (zero copy) or the converted copy.");
}

}  // namespace cnnkit::python

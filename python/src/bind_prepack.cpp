// Conv2dPackedWeights and Conv2dBackwardDataPackedWeights: weights packed once for the blocked
// kernels (inference, or one backward-data pass per weight update), passed as `w` to the ops.
#include <pybind11/stl.h>

#include "array_args.hpp"
#include "bindings.hpp"
#include "call_context.hpp"
#include "packed_weights.hpp"

namespace cnnkit::python {

namespace py = pybind11;

namespace {

template <class Packed>
py::tuple shape_tuple(const Packed& p) {
  const HwioShape s = p.shape();
  return py::make_tuple(s.kh, s.kw, s.c_in_per_group, s.c_out);
}

// Builds Packed<float> or Packed<double> from w's dtype (the GIL is released while packing).
template <template <class> class Packed, class Holder>
Holder make_packed(const char* function, py::handle w, std::int64_t groups, py::handle ctx) {
  ArrayArgs args(function);
  const Context& context = call_context(ctx);
  return with_float_type(args.dtype({{"w", w}}), [&]<class T>() -> Holder {
    auto warr = args.input<T>({"w", w});
    const HwioView<const T> view(warr.data(), hwio_shape(args, "w", warr));
    py::gil_scoped_release release;
    return Holder{Packed<T>(view, groups, context)};
  });
}

template <class Holder>
void add_common(py::class_<Holder>& cls) {
  cls.def_property_readonly("shape", [](const Holder& h) { return std::visit([](const auto& p) { return shape_tuple(p); }, h.packed); },
                            "The weights' HWIO shape (kh, kw, c_in/groups, c_out).");
  cls.def_property_readonly("groups", [](const Holder& h) { return std::visit([](const auto& p) { return p.groups(); }, h.packed); });
  cls.def_property_readonly("dtype", [](const Holder& h) {
    return py::dtype(h.packed.index() == 0 ? "float32" : "float64");
  });
  cls.def_property_readonly("isa", [](const Holder& h) {
    return std::string(to_string(std::visit([](const auto& p) { return p.isa(); }, h.packed)));
  }, "The ISA tier whose kernels read the packed layout ('scalar' when nothing is packed).");
  cls.def_property_readonly("nbytes", [](const Holder& h) { return std::visit([](const auto& p) { return p.bytes(); }, h.packed); },
                            "Bytes held: the copy of the weights plus the packed layout.");
}

}  // namespace

void bind_prepack(py::module_& m) {
  py::class_<PyConv2dPackedWeights> fwd(m, "Conv2dPackedWeights", R"doc(
Conv2dPackedWeights(w, groups=1, *, ctx=None)

Forward-convolution weights w (HWIO: kh, kw, c_in/groups, c_out; float32 or float64) copied and
packed once for the blocked kernels of the tier conv2d_forward would use under ctx. Pass it as `w` to
conv2d_forward: the same result as the plain weights, bitwise, without packing per call. Pack again
after the weights change; `groups` must be the convolution's.)doc");
  fwd.def(py::init([](py::handle w, std::int64_t groups, py::handle ctx) {
            return make_packed<Conv2dPackedWeights, PyConv2dPackedWeights>("Conv2dPackedWeights", w, groups, ctx);
          }),
          py::arg("w"), py::arg("groups") = 1, py::kw_only(), py::arg("ctx") = py::none());
  add_common(fwd);

  py::class_<PyConv2dBackwardDataPackedWeights> bwd(m, "Conv2dBackwardDataPackedWeights", R"doc(
Conv2dBackwardDataPackedWeights(w, groups=1, *, ctx=None)

The same for conv2d_backward_data's kernels (flipped, transposed layout): pack once per weight update
and pass as `w` to conv2d_backward_data.)doc");
  bwd.def(py::init([](py::handle w, std::int64_t groups, py::handle ctx) {
            return make_packed<Conv2dBackwardDataPackedWeights, PyConv2dBackwardDataPackedWeights>(
                "Conv2dBackwardDataPackedWeights", w, groups, ctx);
          }),
          py::arg("w"), py::arg("groups") = 1, py::kw_only(), py::arg("ctx") = py::none());
  add_common(bwd);
}

}  // namespace cnnkit::python

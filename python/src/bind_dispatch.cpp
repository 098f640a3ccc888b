// The dispatch table from Python: ops(), list_variants(), last_variant(), detected_isa(),
// cpu_model(), set_log_handler(), and the autotuning cache's functions.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <string>

#include "array_args.hpp"
#include "bindings.hpp"
#include "call_context.hpp"
#include "cnnkit/dispatch.hpp"
#include "cnnkit/error.hpp"
#include "cnnkit/tuning.hpp"

namespace cnnkit::python {

namespace py = pybind11;

namespace {

OpId op_arg(const char* function, const std::string& name) {
  if (const auto op = parse_op(name)) return *op;
  std::string valid;
  for (OpId op : all_ops()) valid += std::string(valid.empty() ? "" : ", ") + to_string(op);
  throw Error(Status::invalid_argument,
              std::string("cnnkit.") + function + ": unknown op '" + name + "'; expected one of " + valid);
}

// "float32" / "float64" (or "f32", "f64"), or anything np.dtype() takes (np.float32, a dtype).
DType dtype_arg(const char* function, py::handle value) {
  if (py::isinstance<py::str>(value)) {
    const auto s = value.cast<std::string>();
    if (s == "float32" || s == "f32") return DType::f32;
    if (s == "float64" || s == "f64") return DType::f64;
  } else if (const auto t = float_type_named(value)) {
    return *t == FloatType::f32 ? DType::f32 : DType::f64;
  }
  throw Error(Status::invalid_argument, std::string("cnnkit.") + function +
                                            ": dtype must be 'float32' or 'float64', got " +
                                            py::repr(value).cast<std::string>());
}

// The Python log handler; leaked on purpose, so no Python object is destroyed at process exit
// after the interpreter is gone.
py::object* log_handler = nullptr;

// Runs under cnnkit's log lock, on the thread that made the call (which released the GIL). So
// that the lock and the GIL are never taken in the other order, the module takes the log lock
// (set_log_sink, tuning files) only with the GIL released.
void call_log_handler(const char* line, void*) {
  py::gil_scoped_acquire gil;
  if (!log_handler || log_handler->is_none()) return;  // cleared while this line was on its way
  // Our own reference: set_log_handler may replace the handler (from another thread, while this
  // one runs Python code) before the call returns.
  const py::object handler = *log_handler;
  const InLogHandler marker;
  try {
    handler(std::string(line));
  } catch (py::error_already_set& e) {
    e.discard_as_unraisable("cnnkit log handler");
  }
}

}  // namespace

void bind_dispatch(py::module_& m) {
  py::class_<VariantInfo>(m, "VariantInfo", "One registered variant of an op (see list_variants).")
      .def_readonly("name", &VariantInfo::name, "'op.algorithm[.isa][.runtime]', e.g. 'conv2d_fwd.ref'")
      .def_property_readonly("op", [](const VariantInfo& v) { return std::string(to_string(v.op)); })
      .def_property_readonly("dtype", [](const VariantInfo& v) {
        return std::string(v.dtype == DType::f32 ? "float32" : "float64");
      })
      .def_property_readonly("isa", [](const VariantInfo& v) { return std::string(to_string(v.isa)); },
                             "The minimum ISA tier it needs.")
      .def_property_readonly("threading", [](const VariantInfo& v) { return std::string(to_string(v.threading)); },
                             "'serial', 'openmp' or 'tbb'.")
      .def_readonly("runnable", &VariantInfo::runnable, "Whether this CPU, the ISA cap and threading policy allow it.")
      .def_readonly("reason", &VariantInfo::reason, "Why not, when not runnable.")
      .def("__repr__", [](const VariantInfo& v) {
        return "VariantInfo('" + v.name + "', isa='" + to_string(v.isa) + "', threading='" + to_string(v.threading) +
               "', runnable=" + (v.runnable ? "True" : "False") + (v.runnable ? "" : ", reason='" + v.reason + "'") + ")";
      });

  m.def(
      "ops", [] {
        std::vector<std::string> names;
        for (OpId op : all_ops()) names.emplace_back(to_string(op));
        return names;
      },
      "The ops' registry names ('conv2d_fwd', 'pool2d_bwd', ...), as list_variants and Context take them.");
  m.def(
      "list_variants",
      [](const std::string& op, py::handle dtype, py::handle ctx) {
        const OpId id = op_arg("list_variants", op);
        const DType dt = dtype_arg("list_variants", dtype);
        return list_variants(id, dt, call_context(ctx));
      },
      py::arg("op"), py::arg("dtype") = "float32", py::kw_only(), py::arg("ctx") = py::none(),
      "Every variant of op for dtype, in selection order (the reference last), with whether it can run under ctx.");
  m.def(
      "last_variant", [](const std::string& op) { return last_variant(op_arg("last_variant", op)); }, py::arg("op"),
      "The variant this thread ran last for op (any dtype), or '' before any call.");
  m.def("detected_isa", [] { return std::string(to_string(detected_isa())); },
        "The best ISA tier this CPU and OS support: 'scalar', 'sse4_2', 'avx2_fma' or 'avx512'.");
  m.def("cpu_model", &cpu_model, "The CPU model string (tuning files are keyed by it).");
  m.def(
      "set_log_handler",
      [](py::object handler) {
        if (InLogHandler::active())
          throw py::value_error("cnnkit.set_log_handler cannot be called from inside the log handler");
        if (!handler.is_none() && !PyCallable_Check(handler.ptr()))
          throw py::type_error("cnnkit.set_log_handler: handler must be callable or None");
        if (!log_handler) log_handler = new py::object();
        *log_handler = handler;  // under the GIL, which the handler's caller takes too
        py::gil_scoped_release release;
        set_log_sink(handler.is_none() ? nullptr : &call_log_handler, nullptr);
      },
      py::arg("handler"),
      "Send verbose lines (Context(verbose=True) or CNNKIT_VERBOSE=1) to handler(line) instead of stderr; None "
      "restores stderr. The handler runs on the thread that made the call, with the GIL.");

  m.def("save_tuning", &save_tuning, py::arg("path"), py::call_guard<py::gil_scoped_release>(),
        "Write the autotuning cache to path (atomically); returns the number of entries.");
  m.def(
      "load_tuning",
      [](const std::string& path) {
        const TuningFileInfo info = [&] {
          py::gil_scoped_release release;
          return load_tuning(path);
        }();
        py::dict d;
        d["used"] = info.used;
        d["entries"] = info.entries;
        d["ignored_because"] = info.ignored_because;
        return d;
      },
      py::arg("path"),
      "Add a tuning file's entries to the cache. Returns {'used', 'entries', 'ignored_because'}; a file for "
      "another CPU or cnnkit version is ignored, a malformed one raises InvalidArgument naming the line.");
  m.def("clear_tuning", &clear_tuning, py::call_guard<py::gil_scoped_release>(), "Empty the autotuning cache.");
  m.def("tuning_entry_count", &tuning_entry_count, "Entries in the autotuning cache.");
}

}  // namespace cnnkit::python

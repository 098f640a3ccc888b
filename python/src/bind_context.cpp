// cnnkit.Context: per-call and per-block settings (threads, runtime, ISA cap, forced variants,
// verbose log, tuning), usable as a `with` block; global_context() and current_context().
#include <pybind11/stl.h>

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "bindings.hpp"
#include "call_context.hpp"
#include "cnnkit/error.hpp"

namespace cnnkit::python {

namespace py = pybind11;

namespace {

[[noreturn]] void bad_setting(const char* name, const std::string& value, const char* expected) {
  throw Error(Status::invalid_argument,
              std::string("cnnkit.Context: ") + name + " must be one of " + expected + ", got '" + value + "'");
}

void set_threading(Context& ctx, const std::string& value) {
  const auto policy = parse_threading_policy(value);
  if (!policy) bad_setting("threading", value, "'auto', 'serial', 'openmp', 'tbb'");
  ctx.set_threading(*policy);
}

void set_max_isa(Context& ctx, const std::string& value) {
  const auto isa = parse_isa(value);
  if (!isa) bad_setting("max_isa", value, "'scalar', 'sse4_2', 'avx2_fma', 'avx512'");
  ctx.set_max_isa(*isa);
}

void set_tuning(Context& ctx, const std::string& value) {
  const auto tuning = parse_tuning(value);
  if (!tuning) bad_setting("tuning", value, "'off', 'measure'");
  ctx.set_tuning(*tuning);
}

// "auto" rather than the C++ enumerator's name "automatic", as in CNNKIT_THREADING.
std::string threading_name(const Context& ctx) {
  return ctx.threading() == ThreadingPolicy::automatic ? "auto" : to_string(ctx.threading());
}

std::string repr(const Context& ctx) {
  std::string forced;
  for (OpId op : all_ops())
    if (const auto v = ctx.forced_variant(op); !v.empty())
      forced += std::string(forced.empty() ? "" : ", ") + "'" + to_string(op) + "': '" + std::string(v) + "'";
  return "cnnkit.Context(threads=" + std::to_string(ctx.num_threads()) + ", threading='" + threading_name(ctx) +
         "', max_isa='" + to_string(ctx.max_isa()) + "', verbose=" + (ctx.verbose() ? "True" : "False") +
         ", tuning='" + to_string(ctx.tuning()) + "', variants={" + forced + "})";
}

}  // namespace

void bind_context(py::module_& m) {
  py::class_<Context> cls(m, "Context", R"doc(
Execution settings for cnnkit calls: thread count, threading runtime, ISA cap, forced variants,
verbose log, autotuning.

    ctx = cnnkit.Context(threads=4, threading="openmp", max_isa="avx2_fma",
                         variants={"conv2d_fwd": "conv2d_fwd.ref"}, verbose=True, tuning="off")
    y = cnnkit.conv2d_forward(x, w, ctx=ctx)   # one call
    with ctx:                                  # every call on this thread without ctx=
        y = cnnkit.conv2d_forward(x, w)

A new Context starts as a copy of the global context (Context.defaults(): the library's defaults,
ignoring the environment); the keyword arguments given are applied on top. Setting a context never
changes OpenMP's or oneTBB's global state.)doc");
  // Typed keywords: pybind11 turns None into nullopt and a wrong type into a TypeError naming the
  // signature, so no setting is ever cast by hand.
  cls.def(py::init([](std::optional<int> threads, std::optional<std::string> threading,
                      std::optional<std::string> max_isa, std::optional<std::map<std::string, std::string>> variants,
                      std::optional<bool> verbose, std::optional<std::string> tuning) {
            auto ctx = std::make_unique<Context>();
            if (threads) ctx->set_num_threads(*threads);
            if (threading) set_threading(*ctx, *threading);
            if (max_isa) set_max_isa(*ctx, *max_isa);
            if (variants)
              for (const auto& entry : *variants) ctx->force_variant(entry.first, entry.second);
            if (verbose) ctx->set_verbose(*verbose);
            if (tuning) set_tuning(*ctx, *tuning);
            return ctx;
          }),
          py::kw_only(), py::arg("threads") = py::none(), py::arg("threading") = py::none(),
          py::arg("max_isa") = py::none(), py::arg("variants") = py::none(), py::arg("verbose") = py::none(),
          py::arg("tuning") = py::none());
  cls.def_static("defaults", [] { return std::make_unique<Context>(Context::defaults()); },
                 "The library's defaults, ignoring the environment: no cap, nothing forced, automatic threading, "
                 "the runtime's default thread count, quiet, tuning off.");
  cls.def_property(
      "threads", [](const Context& c) { return c.num_threads(); },
      [](Context& c, int n) { c.set_num_threads(n); },
      "Threads for threaded variants; 0 = the runtime's default, 1 = serial variants only.");
  cls.def_property("threading", &threading_name, &set_threading,
                   "Which threaded variants may run: 'auto', 'serial', 'openmp' or 'tbb'.");
  cls.def_property(
      "max_isa", [](const Context& c) { return std::string(to_string(c.max_isa())); }, &set_max_isa,
      "ISA cap: 'scalar', 'sse4_2', 'avx2_fma' or 'avx512' (the tier used is min(cap, detected_isa())).");
  cls.def_property(
      "verbose", [](const Context& c) { return c.verbose(); }, [](Context& c, bool v) { c.set_verbose(v); },
      "Log one line per call: op, dtype, shape, variant and why (to stderr, or set_log_handler's function).");
  cls.def_property(
      "tuning", [](const Context& c) { return std::string(to_string(c.tuning())); }, &set_tuning,
      "'off' (the registry's rules pick) or 'measure' (the first call per shape times every variant).");
  cls.def(
      "force_variant",
      [](Context& c, const std::string& op, const std::string& variant) -> Context& {
        return c.force_variant(op, variant);
      },
      py::arg("op"), py::arg("variant"), py::return_value_policy::reference_internal,
      "Force a variant for an op ('' or 'auto' clears). An unknown name is an InvalidArgument listing the valid "
      "ones; a forced variant that cannot run makes the call raise Unsupported (never a silent fallback).");
  cls.def(
      "forced_variant",
      [](const Context& c, const std::string& op) {
        const auto id = parse_op(op);
        if (!id) throw Error(Status::invalid_argument, "cnnkit.Context.forced_variant: unknown op '" + op + "'");
        return std::string(c.forced_variant(*id));
      },
      py::arg("op"), "The variant forced for op, or ''.");
  cls.def("clear_forced_variants", &Context::clear_forced_variants, py::return_value_policy::reference_internal);
  // The `with` stack holds a reference of its own from __enter__ to __exit__: a context entered by
  // hand and then dropped stays alive (leaked) instead of leaving a dangling pointer on the stack.
  cls.def("__enter__", [](py::object self) {
    push_context(&self.cast<Context&>());
    self.inc_ref();
    return self;
  });
  cls.def("__exit__", [](py::object self, py::args) {
    pop_context(&self.cast<Context&>());
    self.dec_ref();  // `self` (the argument) still holds it until this returns
  });
  cls.def("__repr__", &repr);

  m.def("global_context", &global_context, py::return_value_policy::reference,
        "The process-wide context (initialised from the CNNKIT_* environment variables): changing it changes "
        "every call that passes no ctx= outside a `with` block.");
  m.def(
      "current_context",
      [] {
        const Context* c = current_context();
        return const_cast<Context*>(c ? c : &global_context());
      },
      py::return_value_policy::reference,
      "The context calls on this thread use without ctx=: the innermost `with` block's, else the global one.");
}

}  // namespace cnnkit::python

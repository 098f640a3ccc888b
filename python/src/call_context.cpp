#include "call_context.hpp"

#include <vector>

namespace cnnkit::python {

namespace py = pybind11;

namespace {
thread_local std::vector<const Context*> with_stack;
thread_local bool in_log_handler = false;
}  // namespace

InLogHandler::InLogHandler() { in_log_handler = true; }
InLogHandler::~InLogHandler() { in_log_handler = false; }
bool InLogHandler::active() { return in_log_handler; }

const Context& call_context(py::handle ctx) {
  if (in_log_handler)
    throw py::value_error("cnnkit ops cannot be called from inside the log handler (cnnkit holds its log lock)");
  if (!ctx.is_none()) {
    if (!py::isinstance<Context>(ctx))
      throw py::type_error("ctx must be a cnnkit.Context or None, got " + py::repr(ctx).cast<std::string>());
    return ctx.cast<const Context&>();
  }
  if (const Context* current = current_context()) return *current;
  return global_context();
}

void push_context(const Context* ctx) { with_stack.push_back(ctx); }

void pop_context(const Context* ctx) {
  if (with_stack.empty() || with_stack.back() != ctx)
    throw py::value_error("cnnkit.Context.__exit__: this context is not the innermost `with` block of this thread");
  with_stack.pop_back();
}

const Context* current_context() { return with_stack.empty() ? nullptr : with_stack.back(); }

}  // namespace cnnkit::python

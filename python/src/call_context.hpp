// Which cnnkit::Context a call runs under: its ctx= argument, else the innermost `with ctx:` block
// of the calling thread, else the global context.
#pragma once

#include <pybind11/pybind11.h>

#include "cnnkit/context.hpp"

namespace cnnkit::python {

// ctx is None or a cnnkit.Context. Every op calls it first, so it also refuses calls made from
// inside the log handler (cnnkit holds its log lock while the handler runs: a call that logged
// would wait for that lock on the same thread).
const Context& call_context(pybind11::handle ctx);

// Marks the calling thread as running the Python log handler (bind_dispatch.cpp).
class InLogHandler {
 public:
  InLogHandler();
  ~InLogHandler();
  InLogHandler(const InLogHandler&) = delete;
  InLogHandler& operator=(const InLogHandler&) = delete;
  static bool active();
};

// The `with` stack of the calling thread. Context.__enter__ takes a reference that __exit__ gives
// back, so the pointers on the stack stay valid even for a context entered by hand and dropped.
void push_context(const Context* ctx);
void pop_context(const Context* ctx);  // raises if ctx is not the innermost
const Context* current_context();      // nullptr outside any `with`

}  // namespace cnnkit::python

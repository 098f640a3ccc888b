// Which cnnkit::Context a call runs under: its ctx= argument, else the innermost `with ctx:` block
// of the calling thread, else the global context.
#pragma once

#include <pybind11/pybind11.h>

#include "cnnkit/context.hpp"

namespace cnnkit::python {

// ctx is None or a cnnkit.Context.
const Context& call_context(pybind11::handle ctx);

// The `with` stack of the calling thread. A `with` statement holds its context manager until
// __exit__, so the stack may keep plain pointers.
void push_context(const Context* ctx);
void pop_context(const Context* ctx);  // raises if ctx is not the innermost
const Context* current_context();      // nullptr outside any `with`

}  // namespace cnnkit::python

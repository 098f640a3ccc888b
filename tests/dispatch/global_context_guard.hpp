// Tests that change process-wide settings (the global context, the log sink) restore them, so
// test order never matters.
#pragma once

#include "cnnkit/context.hpp"
#include "cnnkit/dispatch.hpp"

namespace cnnkit::test {

class GlobalContextGuard {
 public:
  GlobalContextGuard() = default;
  GlobalContextGuard(const GlobalContextGuard&) = delete;
  GlobalContextGuard& operator=(const GlobalContextGuard&) = delete;
  ~GlobalContextGuard() {
    global_context() = saved_;
    set_log_sink(nullptr, nullptr);
  }

 private:
  Context saved_{global_context()};
};

}  // namespace cnnkit::test

// Errors: every entry point validates its arguments and throws cnnkit::Error before touching
// any output. The message names the function, the argument and what was expected.
#pragma once

#include <stdexcept>
#include <string>

#include "cnnkit/export.hpp"

namespace cnnkit {

// Mirrors cnnkit_status in the C ABI (same numeric values).
enum class Status : int {
  ok = 0,
  invalid_argument = 1,  // a null pointer, a bad shape, impossible geometry, an unknown enum value
  unsupported = 2,       // a forced variant cannot run on this CPU / ISA cap / problem
  out_of_memory = 3,
  internal_error = 4,
};

class CNNKIT_API Error : public std::runtime_error {
 public:
  Error(Status status, const std::string& message) : std::runtime_error(message), status_(status) {}
  Status status() const noexcept { return status_; }

 private:
  Status status_;
};

}  // namespace cnnkit

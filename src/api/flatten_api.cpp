// flatten's error (cnnkit/tensor.hpp): flatten itself is an inline template in the public header.
#include "cnnkit/error.hpp"
#include "cnnkit/tensor.hpp"
#include "core/text.hpp"

namespace cnnkit::detail {

void throw_flatten_error(const NhwcShape& shape) {
  throw Error(Status::invalid_argument,
              "cnnkit::flatten: argument 'x': expected a shape (n, h, w, c) with h, w, c >= 1 and h*w*c "
              "representable in int64, got " +
                  core::str(shape));
}

}  // namespace cnnkit::detail

// pad: validation, then dispatch.
#include "api/arg_check.hpp"
#include "api/checked_geometry.hpp"
#include "api/instantiate.hpp"
#include "cnnkit/ops.hpp"
#include "core/run_variant.hpp"

namespace cnnkit {

template <Real T>
void pad(NhwcView<const NoDeduce<T>> x, NhwcView<T> y, const Padding& padding, NoDeduce<T> value,
         const Context& ctx) {
  const api::ArgCheck check("cnnkit::pad");
  check.not_null(x.data, "x");
  check.not_null(y.data, "y");
  const std::int64_t x_count = check.elements(x.shape, "x", sizeof(T));
  // The padding before y: a negative side is named itself, not as the y it makes too small.
  const NhwcShape expected = api::checked_pad_output_shape(check, x.shape, padding);
  const std::int64_t y_count = check.elements(y.shape, "y", sizeof(T));
  check.same_shape(y.shape, expected, "y", "x grown by the padding");
  check.no_overlap(y.data, y_count, "y", x.data, x_count, "x", sizeof(T));
  core::run_variant<ops::PadOp, T>(ops::PadProblem{x.shape, y.shape, padding}, ctx, x.data, y.data, value);
}

#define CNNKIT_INSTANTIATE(T) \
  template void pad<T>(NhwcView<const T>, NhwcView<T>, const Padding&, T, const Context&);
CNNKIT_FOR_EACH_REAL(CNNKIT_INSTANTIATE)

}  // namespace cnnkit

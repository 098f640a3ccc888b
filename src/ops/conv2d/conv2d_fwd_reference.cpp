// Reference forward convolution. Like the seeds' conv_forward + conv_single_step, except that
// the bias is added once per output (seed bug #1) and the window follows the stride, four-sided
// padding and dilation. A tap outside the input is skipped: padding contributes no term at all,
// not 0 * w, so an infinite or NaN weight meeting only padding gives no NaN (README, "Non-finite
// values"). This is the definition every variant follows in all three directions (backward data
// and weights skip the same taps), the blocked ones through conv2d_nonfinite_fixup.hpp.
#include "ops/conv2d/conv2d_reference.hpp"
#include "ops/conv2d/conv2d_window.hpp"
#include "ops/nhwc_index.hpp"

namespace cnnkit::ops {

template <class T>
void conv2d_fwd_reference(const Conv2dProblem& p, const T* x, const T* w, const T* b, T* y, const core::Exec&) {
  for (std::int64_t n = 0; n < p.y.n; ++n)
    for (std::int64_t oh = 0; oh < p.y.h; ++oh)
      for (std::int64_t ow = 0; ow < p.y.w; ++ow)
        for (std::int64_t o = 0; o < p.y.c; ++o)
          y[offset(p.y, n, oh, ow, o)] = conv2d_fwd_reference_entry(p, x, w, b, n, oh, ow, o);
  // The relu epilogue after the loop nest: the oracle is conv2d_forward then relu_forward.
  if (p.relu)
    for (std::int64_t i = 0, count = p.y.n * p.y.h * p.y.w * p.y.c; i < count; ++i) y[i] = conv2d_relu(y[i]);
}

template void conv2d_fwd_reference<float>(const Conv2dProblem&, const float*, const float*, const float*, float*,
                                          const core::Exec&);
template void conv2d_fwd_reference<double>(const Conv2dProblem&, const double*, const double*, const double*,
                                           double*, const core::Exec&);

}  // namespace cnnkit::ops

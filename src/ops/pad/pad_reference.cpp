// The reference constant padding: the seeds' zero_pad (np.pad with a constant), four-sided.
// Non-finite values: a copy, so x's bits (NaN payloads, signaling NaNs, -0) and the pad value's
// bits as converted to T come out unchanged in every variant.
#include "ops/pad/pad_reference.hpp"

#include "ops/nhwc_index.hpp"

namespace cnnkit::ops {

template <class T>
void pad_reference(const PadProblem& p, const T* x, T* y, T value, const core::Exec&) {
  for (std::int64_t n = 0; n < p.y.n; ++n)
    for (std::int64_t h = 0; h < p.y.h; ++h)
      for (std::int64_t w = 0; w < p.y.w; ++w)
        for (std::int64_t c = 0; c < p.y.c; ++c) {
          const std::int64_t ih = h - p.pad.top, iw = w - p.pad.left;
          const bool inside = ih >= 0 && ih < p.x.h && iw >= 0 && iw < p.x.w;
          y[offset(p.y, n, h, w, c)] = inside ? x[offset(p.x, n, ih, iw, c)] : value;
        }
}

template void pad_reference<float>(const PadProblem&, const float*, float*, float, const core::Exec&);
template void pad_reference<double>(const PadProblem&, const double*, double*, double, const core::Exec&);

}  // namespace cnnkit::ops

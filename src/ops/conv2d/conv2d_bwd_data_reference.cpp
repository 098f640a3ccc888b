// Reference backward-data convolution: the seeds' conv_backward dA_prev loop, scattering each
// dy through the same window the forward pass read (seed bug #2: the window starts at
// oh*stride - pad, not oh) straight into dx, so no padded buffer needs cropping (seed bug #4).
#include <algorithm>

#include "ops/conv2d/conv2d_reference.hpp"
#include "ops/conv2d/conv2d_window.hpp"
#include "ops/nhwc_index.hpp"

namespace cnnkit::ops {

template <class T>
void conv2d_bwd_data_reference(const Conv2dProblem& p, const T* dy, const T* w, T* dx, const core::Exec&) {
  const std::int64_t cig = p.c_in_per_group(), cog = p.c_out_per_group();
  std::fill(dx, dx + p.x.n * p.x.h * p.x.w * p.x.c, T(0));
  for (std::int64_t n = 0; n < p.y.n; ++n)
    for (std::int64_t oh = 0; oh < p.y.h; ++oh)
      for (std::int64_t ow = 0; ow < p.y.w; ++ow)
        for (std::int64_t o = 0; o < p.y.c; ++o) {
          const std::int64_t g = o / cog;
          const T d = dy[offset(p.y, n, oh, ow, o)];
          for (std::int64_t i = 0; i < p.w.kh; ++i) {
            const std::int64_t ih = input_row(p, oh, i);
            if (ih < 0 || ih >= p.x.h) continue;
            for (std::int64_t j = 0; j < p.w.kw; ++j) {
              const std::int64_t iw = input_col(p, ow, j);
              if (iw < 0 || iw >= p.x.w) continue;
              for (std::int64_t c = 0; c < cig; ++c)
                dx[offset(p.x, n, ih, iw, g * cig + c)] += d * w[offset(p.w, i, j, c, o)];
            }
          }
        }
}

template void conv2d_bwd_data_reference<float>(const Conv2dProblem&, const float*, const float*, float*,
                                               const core::Exec&);
template void conv2d_bwd_data_reference<double>(const Conv2dProblem&, const double*, const double*, double*,
                                                const core::Exec&);

}  // namespace cnnkit::ops

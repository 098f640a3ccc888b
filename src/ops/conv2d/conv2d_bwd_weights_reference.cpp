// Reference backward-weights convolution: the seeds' dW += a_slice * dZ over every output, with
// the stride-aware window.
#include <algorithm>

#include "ops/conv2d/conv2d_reference.hpp"
#include "ops/conv2d/conv2d_window.hpp"
#include "ops/nhwc_index.hpp"

namespace cnnkit::ops {

template <class T>
void conv2d_bwd_weights_reference(const Conv2dProblem& p, const T* x, const T* dy, T* dw, const core::Exec&) {
  const std::int64_t cig = p.c_in_per_group(), cog = p.c_out_per_group();
  std::fill(dw, dw + p.w.kh * p.w.kw * p.w.c_in_per_group * p.w.c_out, T(0));
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
                dw[offset(p.w, i, j, c, o)] += x[offset(p.x, n, ih, iw, g * cig + c)] * d;
            }
          }
        }
}

template void conv2d_bwd_weights_reference<float>(const Conv2dProblem&, const float*, const float*, float*,
                                                  const core::Exec&);
template void conv2d_bwd_weights_reference<double>(const Conv2dProblem&, const double*, const double*, double*,
                                                   const core::Exec&);

}  // namespace cnnkit::ops

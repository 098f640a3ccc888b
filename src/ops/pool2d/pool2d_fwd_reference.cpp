// Non-finite values: max takes the first NaN of the window (replaces_max); average sums from +0 in
// tap order (rows, then columns) with nan_sticky_add, so a window holding NaN gives the first NaN
// the running sum meets (an input's, quieted, or the default NaN of +inf + -inf), bits included.
#include "ops/nhwc_index.hpp"
#include "ops/pool2d/pool2d_reference.hpp"
#include "ops/pool2d/pool2d_window.hpp"

namespace cnnkit::ops {

template <class T>
void pool2d_fwd_reference(const Pool2dProblem& p, const T* x, T* y, const core::Exec&) {
  for (std::int64_t n = 0; n < p.y.n; ++n)
    for (std::int64_t oh = 0; oh < p.y.h; ++oh)
      for (std::int64_t ow = 0; ow < p.y.w; ++ow) {
        const PoolWindow win = pool_window(p, oh, ow);
        for (std::int64_t c = 0; c < p.y.c; ++c) {
          T result;
          if (p.params.mode == PoolMode::max) {
            // Padded cells never win: only real cells are visited.
            result = x[offset(p.x, n, win.h_begin, win.w_begin, c)];
            for (std::int64_t h = win.h_begin; h < win.h_end; ++h)
              for (std::int64_t w = win.w_begin; w < win.w_end; ++w) {
                const T v = x[offset(p.x, n, h, w, c)];
                if (replaces_max(v, result)) result = v;
              }
          } else {
            T sum = 0;
            for (std::int64_t h = win.h_begin; h < win.h_end; ++h)
              for (std::int64_t w = win.w_begin; w < win.w_end; ++w)
                sum = nan_sticky_add(sum, x[offset(p.x, n, h, w, c)]);
            result = sum / static_cast<T>(win.divisor);  // a NaN sum keeps its bits
          }
          y[offset(p.y, n, oh, ow, c)] = result;
        }
      }
}

template void pool2d_fwd_reference<float>(const Pool2dProblem&, const float*, float*, const core::Exec&);
template void pool2d_fwd_reference<double>(const Pool2dProblem&, const double*, double*, const core::Exec&);

}  // namespace cnnkit::ops

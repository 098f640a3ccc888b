// Non-finite values: every dx cell sums its contributions from +0 in the reference's order (output
// rows, then columns) with nan_sticky_add, so with NaN gradients the first NaN to reach the cell
// keeps its bits, whatever the variant.
#include <algorithm>

#include "ops/nhwc_index.hpp"
#include "ops/pool2d/pool2d_reference.hpp"
#include "ops/pool2d/pool2d_window.hpp"

namespace cnnkit::ops {

template <class T>
void pool2d_bwd_reference(const Pool2dProblem& p, const T* x, const T* dy, T* dx, const core::Exec&) {
  std::fill(dx, dx + p.x.n * p.x.h * p.x.w * p.x.c, T(0));
  for (std::int64_t n = 0; n < p.y.n; ++n)
    for (std::int64_t oh = 0; oh < p.y.h; ++oh)
      for (std::int64_t ow = 0; ow < p.y.w; ++ow) {
        const PoolWindow win = pool_window(p, oh, ow);
        for (std::int64_t c = 0; c < p.y.c; ++c) {
          const T d = dy[offset(p.y, n, oh, ow, c)];
          if (p.params.mode == PoolMode::avg) {
            const T share = d / static_cast<T>(win.divisor);  // the seeds' distribute_value
            for (std::int64_t h = win.h_begin; h < win.h_end; ++h)
              for (std::int64_t w = win.w_begin; w < win.w_end; ++w) {
                T& cell = dx[offset(p.x, n, h, w, c)];
                cell = nan_sticky_add(cell, share);
              }
            continue;
          }
          // Max: find the winner exactly as the forward pass does.
          std::int64_t best_h = win.h_begin, best_w = win.w_begin;
          T best = x[offset(p.x, n, best_h, best_w, c)];
          for (std::int64_t h = win.h_begin; h < win.h_end; ++h)
            for (std::int64_t w = win.w_begin; w < win.w_end; ++w) {
              const T v = x[offset(p.x, n, h, w, c)];
              if (replaces_max(v, best)) best = v, best_h = h, best_w = w;
            }
          if (p.params.ties == TiePolicy::first) {
            T& cell = dx[offset(p.x, n, best_h, best_w, c)];
            cell = nan_sticky_add(cell, d);
          } else {
            // The seeds' mask x == max(x): every tied maximum gets the full dy; a NaN maximum
            // equals nothing, so a NaN window passes no gradient.
            for (std::int64_t h = win.h_begin; h < win.h_end; ++h)
              for (std::int64_t w = win.w_begin; w < win.w_end; ++w)
                if (x[offset(p.x, n, h, w, c)] == best) {
                  T& cell = dx[offset(p.x, n, h, w, c)];
                  cell = nan_sticky_add(cell, d);
                }
          }
        }
      }
}

template void pool2d_bwd_reference<float>(const Pool2dProblem&, const float*, const float*, float*,
                                          const core::Exec&);
template void pool2d_bwd_reference<double>(const Pool2dProblem&, const double*, const double*, double*,
                                           const core::Exec&);

}  // namespace cnnkit::ops

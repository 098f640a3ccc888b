// The reference of max pooling with saved indices, as plain loop nests: the forward is
// pool2d_fwd_reference's max with the winner's plane index h * x.w + w written beside it; the
// backward is pool2d_bwd_reference's ties = first scatter with the winner read from the indices.
#include <algorithm>

#include "ops/nhwc_index.hpp"
#include "ops/pool2d/pool2d_indices_reference.hpp"
#include "ops/pool2d/pool2d_window.hpp"

namespace cnnkit::ops {

template <class T>
void pool2d_fwd_indices_reference(const Pool2dProblem& p, const T* x, T* y, std::int32_t* indices,
                                  const core::Exec&) {
  for (std::int64_t n = 0; n < p.y.n; ++n)
    for (std::int64_t oh = 0; oh < p.y.h; ++oh)
      for (std::int64_t ow = 0; ow < p.y.w; ++ow) {
        const PoolWindow win = pool_window(p, oh, ow);
        for (std::int64_t c = 0; c < p.y.c; ++c) {
          std::int64_t best_h = win.h_begin, best_w = win.w_begin;
          T best = x[offset(p.x, n, best_h, best_w, c)];
          for (std::int64_t h = win.h_begin; h < win.h_end; ++h)
            for (std::int64_t w = win.w_begin; w < win.w_end; ++w) {
              const T v = x[offset(p.x, n, h, w, c)];
              if (replaces_max(v, best)) best = v, best_h = h, best_w = w;
            }
          y[offset(p.y, n, oh, ow, c)] = best;
          indices[offset(p.y, n, oh, ow, c)] = static_cast<std::int32_t>(best_h * p.x.w + best_w);
        }
      }
}

template <class T>
void pool2d_bwd_indices_reference(const Pool2dProblem& p, const std::int32_t* indices, const T* dy, T* dx,
                                  std::int64_t* bad, const core::Exec&) {
  *bad = -1;
  std::fill(dx, dx + p.x.n * p.x.h * p.x.w * p.x.c, T(0));
  for (std::int64_t n = 0; n < p.y.n; ++n)
    for (std::int64_t oh = 0; oh < p.y.h; ++oh)
      for (std::int64_t ow = 0; ow < p.y.w; ++ow) {
        const PoolWindow win = pool_window(p, oh, ow);
        for (std::int64_t c = 0; c < p.y.c; ++c) {
          const std::int64_t at = offset(p.y, n, oh, ow, c);
          const std::int64_t index = indices[at];
          // Checked before it is used as an address: only a cell of this very window is credited.
          const std::int64_t h = index >= 0 ? index / p.x.w : -1, w = index >= 0 ? index % p.x.w : -1;
          if (h < win.h_begin || h >= win.h_end || w < win.w_begin || w >= win.w_end) {
            if (*bad < 0) *bad = at;
            continue;
          }
          T& cell = dx[offset(p.x, n, h, w, c)];
          cell = nan_sticky_add(cell, dy[at]);
        }
      }
}

template void pool2d_fwd_indices_reference<float>(const Pool2dProblem&, const float*, float*, std::int32_t*,
                                                  const core::Exec&);
template void pool2d_fwd_indices_reference<double>(const Pool2dProblem&, const double*, double*, std::int32_t*,
                                                   const core::Exec&);
template void pool2d_bwd_indices_reference<float>(const Pool2dProblem&, const std::int32_t*, const float*, float*,
                                                  std::int64_t*, const core::Exec&);
template void pool2d_bwd_indices_reference<double>(const Pool2dProblem&, const std::int32_t*, const double*, double*,
                                                   std::int64_t*, const core::Exec&);

}  // namespace cnnkit::ops

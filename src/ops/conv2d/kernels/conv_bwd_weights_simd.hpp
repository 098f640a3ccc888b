// The "simd" rung of backward weights: the reference loop nest with the output-channel loop
// vectorised (up to four vectors) and the innermost loop over the output columns of one output
// row, summed in registers and added to dW once per (output row, tap, input channel). Taps
// outside the input are skipped by clamping the ranges; channel tails use masked loads/stores.
// No packing, no padding buffer, no register blocking of dW rows.
#pragma once

#include <algorithm>
#include <cstdint>
#include <xsimd/xsimd.hpp>

#include "ops/conv2d/conv2d_bwd_weights_plan.hpp"
#include "ops/conv2d/conv2d_problem.hpp"
#include "ops/conv2d/kernels/conv_fwd_simd.hpp"
#include "ops/nhwc_index.hpp"
#include "simd/tail.hpp"

namespace cnnkit::ops::kernels {

template <class A, class T>
void conv_bwd_weights_simd(const Conv2dProblem& p, const T* x, const T* dy, T* dw) {
  using B = xsimd::batch<T, A>;
  constexpr int L = static_cast<int>(B::size);
  constexpr int kVectors = 4;
  const Conv2dParams& q = p.params;
  const std::int64_t cig = p.c_in_per_group(), cog = p.c_out_per_group(), co = p.y.c;
  zero_conv_bwd_weights(p, dw);
  for (std::int64_t n = 0; n < p.y.n; ++n) {
    for (std::int64_t oh = 0; oh < p.y.h; ++oh) {
      std::int64_t i0, i1;
      valid_taps<A>(oh, q.stride_h, q.pad.top, q.dilation_h, p.w.kh, p.x.h, i0, i1);
      for (std::int64_t g = 0; g < p.groups(); ++g)
        for (std::int64_t o0 = 0; o0 < cog; o0 += kVectors * L) {
          int lanes[kVectors];
          for (int v = 0; v < kVectors; ++v)
            lanes[v] = static_cast<int>(std::clamp<std::int64_t>(cog - o0 - v * L, 0, L));
          const std::int64_t oc = g * cog + o0;
          const T* dy_row = dy + offset(p.y, n, oh, 0, oc);
          for (std::int64_t i = i0; i < i1; ++i) {
            const std::int64_t ih = oh * q.stride_h - q.pad.top + i * q.dilation_h;
            for (std::int64_t j = 0; j < p.w.kw; ++j) {
              // Output columns whose tap j lands inside the input: 0 <= ow*stride - pad + j*dilation < w.
              const std::int64_t shift = q.pad.left - j * q.dilation_w;
              const std::int64_t ow0 = shift <= 0 ? 0 : (shift - 1) / q.stride_w + 1;  // overflow-free ceiling
              const std::int64_t ow1 =
                  p.x.w + shift <= 0 ? 0 : std::min<std::int64_t>(p.y.w, (p.x.w + shift - 1) / q.stride_w + 1);
              if (ow0 >= ow1) continue;
              const T* x_row = x + offset(p.x, n, ih, ow0 * q.stride_w - shift, g * cig);
              T* wp = dw + offset(p.w, i, j, 0, oc);
              for (std::int64_t c = 0; c < cig; ++c, wp += co) {
                B acc[kVectors];
                for (int v = 0; v < kVectors; ++v) acc[v] = B(T(0));
                const T* xp = x_row + c;
                const T* dp = dy_row + ow0 * co;
                for (std::int64_t ow = ow0; ow < ow1; ++ow, xp += q.stride_w * p.x.c, dp += co) {
                  const B xb(*xp);
                  for (int v = 0; v < kVectors; ++v)
                    if (lanes[v] > 0) acc[v] = xsimd::fma(xb, simd::load_tail<A>(dp + v * L, lanes[v]), acc[v]);
                }
                for (int v = 0; v < kVectors; ++v)
                  if (lanes[v] > 0) simd::store_tail<A>(wp + v * L, simd::load_tail<A>(wp + v * L, lanes[v]) + acc[v], lanes[v]);
              }
            }
          }
        }
    }
    // Image n's dy has been read: a fused bias gradient sums it now (Conv2dProblem::dy_progress).
    if (p.dy_progress.done) p.dy_progress.done(p.dy_progress.self, n * p.y.h * p.y.w, (n + 1) * p.y.h * p.y.w, 0, 1, 1, true);
  }
}

}  // namespace cnnkit::ops::kernels

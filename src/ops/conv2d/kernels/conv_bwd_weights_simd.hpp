// The "simd" rung of backward weights: the reference loop nest (pixels outer, then the taps that
// land inside the input, then input channels) with the output-channel loop vectorised: dy's
// channels are loaded once per pixel into up to four vectors and each dW row takes a
// read-modify-write FMA. No packing, no padding buffer, no register blocking of dW rows.
#pragma once

#include <algorithm>
#include <cstdint>
#include <xsimd/xsimd.hpp>

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
  std::fill(dw, dw + p.w.kh * p.w.kw * cig * co, T(0));
  for (std::int64_t n = 0; n < p.y.n; ++n)
    for (std::int64_t oh = 0; oh < p.y.h; ++oh) {
      std::int64_t i0, i1;
      valid_taps<A>(oh, q.stride_h, q.pad.top, q.dilation_h, p.w.kh, p.x.h, i0, i1);
      for (std::int64_t ow = 0; ow < p.y.w; ++ow) {
        std::int64_t j0, j1;
        valid_taps<A>(ow, q.stride_w, q.pad.left, q.dilation_w, p.w.kw, p.x.w, j0, j1);
        for (std::int64_t g = 0; g < p.groups(); ++g)
          for (std::int64_t o0 = 0; o0 < cog; o0 += kVectors * L) {
            int lanes[kVectors];
            for (int v = 0; v < kVectors; ++v)
              lanes[v] = static_cast<int>(std::clamp<std::int64_t>(cog - o0 - v * L, 0, L));
            const std::int64_t oc = g * cog + o0;
            B d[kVectors];
            const T* dp = dy + offset(p.y, n, oh, ow, oc);
            for (int v = 0; v < kVectors; ++v) d[v] = simd::load_tail<A>(dp + v * L, lanes[v]);
            for (std::int64_t i = i0; i < i1; ++i)
              for (std::int64_t j = j0; j < j1; ++j) {
                const T* xp = x + offset(p.x, n, oh * q.stride_h - q.pad.top + i * q.dilation_h,
                                         ow * q.stride_w - q.pad.left + j * q.dilation_w, g * cig);
                T* wp = dw + offset(p.w, i, j, 0, oc);
                for (std::int64_t c = 0; c < cig; ++c, wp += co) {
                  const B xb(xp[c]);
                  for (int v = 0; v < kVectors; ++v)
                    if (lanes[v] > 0)
                      simd::store_tail<A>(wp + v * L, xsimd::fma(xb, d[v], simd::load_tail<A>(wp + v * L, lanes[v])),
                                          lanes[v]);
                }
              }
          }
      }
    }
}

}  // namespace cnnkit::ops::kernels

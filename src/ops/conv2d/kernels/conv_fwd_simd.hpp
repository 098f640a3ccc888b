// The "simd" rung of forward convolution: the reference loop nest with the output-channel loop
// vectorised (HWIO weights are contiguous along c_out) and up to four vectors accumulated per
// pixel. No packing, no padding buffer, no cache blocking: taps outside the input are skipped by
// clamping the kernel ranges, channel tails use masked loads/stores.
#pragma once

#include <algorithm>
#include <cstdint>
#include <xsimd/xsimd.hpp>

#include "ops/conv2d/conv2d_problem.hpp"
#include "ops/conv2d/kernels/conv_relu.hpp"
#include "ops/nhwc_index.hpp"
#include "simd/tail.hpp"

namespace cnnkit::ops::kernels {

// First and one-past-last kernel taps of an axis that land inside the input. (Templated on the
// arch like everything in tier code, so no tier's copy can stand in for another's at link time.)
template <class A>
void valid_taps(std::int64_t out, std::int64_t stride, std::int64_t pad, std::int64_t dilation,
                       std::int64_t kernel, std::int64_t in, std::int64_t& first, std::int64_t& last) {
  // Ceilings written as (a - 1) / d + 1 (a > 0), which cannot overflow whatever the dilation.
  const std::int64_t start = out * stride - pad;
  first = start >= 0 ? 0 : (-start - 1) / dilation + 1;
  last = in - start <= 0 ? 0 : std::min<std::int64_t>(kernel, (in - start - 1) / dilation + 1);
  if (last < first) last = first;
}

template <class A, class T>
void conv_fwd_simd(const Conv2dProblem& p, const T* x, const T* w, const T* b, T* y) {
  using B = xsimd::batch<T, A>;
  constexpr int L = static_cast<int>(B::size);
  constexpr int kVectors = 4;
  const Conv2dParams& q = p.params;
  const std::int64_t cig = p.c_in_per_group(), cog = p.c_out_per_group(), co = p.y.c;
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
            B acc[kVectors];
            for (int v = 0; v < kVectors; ++v) acc[v] = b ? simd::load_tail<A>(b + oc + v * L, lanes[v]) : B(T(0));
            for (std::int64_t i = i0; i < i1; ++i)
              for (std::int64_t j = j0; j < j1; ++j) {
                const T* xp = x + offset(p.x, n, oh * q.stride_h - q.pad.top + i * q.dilation_h,
                                         ow * q.stride_w - q.pad.left + j * q.dilation_w, g * cig);
                const T* wp = w + offset(p.w, i, j, 0, oc);
                for (std::int64_t c = 0; c < cig; ++c, wp += co) {
                  const B xb(xp[c]);
                  for (int v = 0; v < kVectors; ++v)
                    if (lanes[v] > 0) acc[v] = xsimd::fma(xb, simd::load_tail<A>(wp + v * L, lanes[v]), acc[v]);
                }
              }
            T* yp = y + offset(p.y, n, oh, ow, oc);
            if (p.relu)
              for (int v = 0; v < kVectors; ++v) acc[v] = relu_epilogue<A, T>(acc[v]);
            for (int v = 0; v < kVectors; ++v) simd::store_tail<A>(yp + v * L, acc[v], lanes[v]);
          }
      }
    }
}

}  // namespace cnnkit::ops::kernels

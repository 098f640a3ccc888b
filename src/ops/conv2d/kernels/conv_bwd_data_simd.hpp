// The "simd" rung of backward-data convolution: each dx element is gathered (not scattered like
// the reference) as a dot product over the taps that reach it and the group's dy channels, with
// the dy-channel loop vectorised (dy and HWIO weights are both contiguous along c_out) and four
// dx channels sharing each dy load. No packing, no buffers: taps that miss dy are skipped,
// channel tails use masked loads, each dx element is written once.
#pragma once

#include <algorithm>
#include <cstdint>
#include <xsimd/xsimd.hpp>

#include "ops/conv2d/conv2d_problem.hpp"
#include "ops/nhwc_index.hpp"
#include "simd/tail.hpp"

namespace cnnkit::ops::kernels {

// The dy coordinate tap `tap` reads for dx coordinate `at`, or -1 when it reads none.
template <class A>
std::int64_t bwd_source(std::int64_t at, std::int64_t tap, std::int64_t stride, std::int64_t pad, std::int64_t dilation,
                        std::int64_t out) {
  const std::int64_t t = at + pad - tap * dilation;
  if (t < 0 || t % stride != 0 || t / stride >= out) return -1;
  return t / stride;
}

// Sum of the lanes, in lane order. (xsimd::hadd's AVX-512 double path trips GCC 12's
// -Wmaybe-uninitialized inside the intrinsics headers.)
template <class A, class T>
T lane_sum(const xsimd::batch<T, A>& v) {
  alignas(64) T lanes[xsimd::batch<T, A>::size];
  v.store_aligned(lanes);
  T sum = lanes[0];
  for (std::size_t l = 1; l < xsimd::batch<T, A>::size; ++l) sum += lanes[l];
  return sum;
}

template <class A, class T>
void conv_bwd_data_simd(const Conv2dProblem& p, const T* dy, const T* w, T* dx) {
  using B = xsimd::batch<T, A>;
  constexpr int L = static_cast<int>(B::size);
  constexpr int kChannels = 4;
  const Conv2dParams& q = p.params;
  const std::int64_t cig = p.c_in_per_group(), cog = p.c_out_per_group(), co = p.y.c;
  for (std::int64_t n = 0; n < p.x.n; ++n)
    for (std::int64_t ih = 0; ih < p.x.h; ++ih)
      for (std::int64_t iw = 0; iw < p.x.w; ++iw)
        for (std::int64_t g = 0; g < p.groups(); ++g)
          for (std::int64_t c0 = 0; c0 < cig; c0 += kChannels) {
            const int channels = static_cast<int>(std::min<std::int64_t>(kChannels, cig - c0));
            B acc[kChannels];
            for (int c = 0; c < kChannels; ++c) acc[c] = B(T(0));
            for (std::int64_t i = 0; i < p.w.kh; ++i) {
              const std::int64_t oh = bwd_source<A>(ih, i, q.stride_h, q.pad.top, q.dilation_h, p.y.h);
              if (oh < 0) continue;
              for (std::int64_t j = 0; j < p.w.kw; ++j) {
                const std::int64_t ow = bwd_source<A>(iw, j, q.stride_w, q.pad.left, q.dilation_w, p.y.w);
                if (ow < 0) continue;
                const T* dyp = dy + offset(p.y, n, oh, ow, g * cog);
                const T* wp = w + offset(p.w, i, j, c0, g * cog);
                for (std::int64_t o = 0; o < cog; o += L) {
                  const int lanes = static_cast<int>(std::min<std::int64_t>(L, cog - o));
                  const B d = simd::load_tail<A>(dyp + o, lanes);
                  for (int c = 0; c < channels; ++c)
                    acc[c] = xsimd::fma(d, simd::load_tail<A>(wp + c * co + o, lanes), acc[c]);
                }
              }
            }
            T* dxp = dx + offset(p.x, n, ih, iw, g * cig + c0);
            for (int c = 0; c < channels; ++c) dxp[c] = lane_sum<A>(acc[c]);
          }
}

}  // namespace cnnkit::ops::kernels

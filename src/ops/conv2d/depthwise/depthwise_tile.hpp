// The depthwise microkernel shared by forward and backward data: MR output pixels of one channel
// vector, summing a list of taps. Tap k adds in[taps[k].in + r*in_pixel] * w[taps[k].w] to pixel
// r, the input and weight read as whole channel vectors (the caller offsets in, w, out and bias to
// the vector's first channel). Taps are listed in the reference's (i, j) order. `Tail` masks every
// load and store to the first `lanes` channels (the last, partial vector).
#pragma once

#include <cstdint>
#include <xsimd/xsimd.hpp>

#include "simd/tail.hpp"

namespace cnnkit::ops::kernels {

struct DepthwiseTap {
  std::int64_t in;  // input offset of pixel 0's tap (elements)
  std::int64_t w;   // weight offset (elements): (i * kw + j) * channels
};

template <class A, class T, int MR, bool Tail>
void depthwise_tile(const T* in, std::int64_t in_pixel, const DepthwiseTap* taps, int n_taps, const T* w, T* out,
                    std::int64_t out_pixel, const T* bias, int lanes) {
  using B = xsimd::batch<T, A>;
  auto load = [lanes](const T* p) { return Tail ? simd::load_tail<A>(p, lanes) : B::load_unaligned(p); };
  B acc[MR];
  const B start = bias ? load(bias) : B(T(0));
#pragma GCC unroll 16
  for (int r = 0; r < MR; ++r) acc[r] = start;
  for (int k = 0; k < n_taps; ++k) {
    const B wv = load(w + taps[k].w);
    const T* src = in + taps[k].in;
#pragma GCC unroll 16
    for (int r = 0; r < MR; ++r) acc[r] = xsimd::fma(load(src + r * in_pixel), wv, acc[r]);
  }
#pragma GCC unroll 16
  for (int r = 0; r < MR; ++r) {
    if (Tail)
      simd::store_tail<A>(out + r * out_pixel, acc[r], lanes);
    else
      acc[r].store_unaligned(out + r * out_pixel);
  }
}

// One run of `count` output pixels of a row that all see the same taps (an interior run): full
// MR tiles, then one tile per leftover pixel, for every channel vector.
template <class A, class T, int MR>
void depthwise_run(const T* in, std::int64_t in_pixel, const DepthwiseTap* taps, int n_taps, const T* w, T* out,
                   std::int64_t out_pixel, const T* bias, std::int64_t count, std::int64_t channels) {
  constexpr std::int64_t L = xsimd::batch<T, A>::size;
  const std::int64_t full = channels / L * L;
  for (std::int64_t c = 0; c < channels; c += L) {
    const T* b = bias ? bias + c : nullptr;
    const int lanes = static_cast<int>(std::min(L, channels - c));
    std::int64_t t = 0;
    if (c < full) {
      for (; t + MR <= count; t += MR)
        depthwise_tile<A, T, MR, false>(in + t * in_pixel + c, in_pixel, taps, n_taps, w + c, out + t * out_pixel + c,
                                        out_pixel, b, lanes);
      for (; t < count; ++t)
        depthwise_tile<A, T, 1, false>(in + t * in_pixel + c, in_pixel, taps, n_taps, w + c, out + t * out_pixel + c,
                                       out_pixel, b, lanes);
    } else {
      for (; t < count; ++t)
        depthwise_tile<A, T, 1, true>(in + t * in_pixel + c, in_pixel, taps, n_taps, w + c, out + t * out_pixel + c,
                                      out_pixel, b, lanes);
    }
  }
}

}  // namespace cnnkit::ops::kernels

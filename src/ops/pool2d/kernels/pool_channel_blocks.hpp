// How the pool2d kernels walk the channels of one pixel: blocks of four full vectors (four
// independent dependency chains per window tap), then single full vectors, then one masked tail
// vector. `body` is a generic lambda called as body.template operator()<NV, Tail>(c0, tail_lanes).
// Include only from tier translation units (*.<tier>.cpp).
#pragma once

#include <cstdint>
#include <xsimd/xsimd.hpp>

#include "simd/tail.hpp"

namespace cnnkit::ops::kernels {

inline constexpr int kPoolVectors = 4;

template <class A, class T, class Body>
inline void for_channel_blocks(std::int64_t channels, Body&& body) {
  constexpr std::int64_t L = xsimd::batch<T, A>::size;
  std::int64_t c0 = 0;
  for (; c0 + kPoolVectors * L <= channels; c0 += kPoolVectors * L) body.template operator()<kPoolVectors, false>(c0, 0);
  for (; c0 + L <= channels; c0 += L) body.template operator()<1, false>(c0, 0);
  if (c0 < channels) body.template operator()<1, true>(c0, static_cast<int>(channels - c0));
}

// Vector v of a block starting at p: the last vector of a tail block is masked to `tail` lanes.
template <class A, class T, int NV, bool Tail>
inline xsimd::batch<T, A> load_block(const T* p, int v, int tail) {
  constexpr int L = static_cast<int>(xsimd::batch<T, A>::size);
  if constexpr (Tail) {
    if (v == NV - 1) return simd::load_tail<A>(p + v * L, tail);
  }
  return xsimd::batch<T, A>::load_unaligned(p + v * L);
}

template <class A, class T, int NV, bool Tail>
inline void store_block(T* p, int v, int tail, const xsimd::batch<T, A>& value) {
  constexpr int L = static_cast<int>(xsimd::batch<T, A>::size);
  if constexpr (Tail) {
    if (v == NV - 1) return simd::store_tail<A>(p + v * L, value, tail);
  }
  value.store_unaligned(p + v * L);
}

}  // namespace cnnkit::ops::kernels

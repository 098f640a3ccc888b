// The one loop of the streaming ops: y[i] = f(i) for a span of n elements, a vector at a time.
// The first few elements (up to y's first vector boundary) go through a masked store, so the
// body stores to aligned addresses: ordinary stores then never split a cache line, and
// non-temporal stores (Stream = true) need that alignment. The last partial vector is a masked
// store too, so nothing outside [y, y + n) is touched. The functor reads its own inputs:
// full(i) returns the vector for elements [i, i + lanes), part(i, m) the one for [i, i + m)
// (lanes past m are never stored). Streaming callers end their pass with simd::stream_fence().
//
// Include only from tier translation units (*.<tier>.cpp).
#pragma once

#include <algorithm>
#include <cstdint>
#include <xsimd/xsimd.hpp>

#include "simd/stream_store.hpp"
#include "simd/tail.hpp"

namespace cnnkit::ops::kernels {

template <class A, bool Stream, class T, class Full, class Part>
inline void map_span(T* y, std::int64_t n, const Full& full, const Part& part) {
  using B = xsimd::batch<T, A>;
  constexpr std::int64_t L = static_cast<std::int64_t>(B::size);
  constexpr std::size_t vector_bytes = sizeof(T) * B::size;
  const std::int64_t head = std::min(n, simd::elements_to_alignment(y, vector_bytes));
  if (head > 0) simd::store_tail<A>(y, part(0, static_cast<int>(head)), static_cast<int>(head));
  std::int64_t i = head;
  // The body's stores are aligned unless y is not even element-aligned (then no stream stores).
  const bool aligned = reinterpret_cast<std::uintptr_t>(y + head) % vector_bytes == 0;
  if (Stream && aligned) {
    for (; i + 4 * L <= n; i += 4 * L) {
      const B v0 = full(i), v1 = full(i + L), v2 = full(i + 2 * L), v3 = full(i + 3 * L);
      simd::stream_store<A>(y + i, v0);
      simd::stream_store<A>(y + i + L, v1);
      simd::stream_store<A>(y + i + 2 * L, v2);
      simd::stream_store<A>(y + i + 3 * L, v3);
    }
    for (; i + L <= n; i += L) simd::stream_store<A>(y + i, full(i));
  } else {
    for (; i + 4 * L <= n; i += 4 * L) {
      const B v0 = full(i), v1 = full(i + L), v2 = full(i + 2 * L), v3 = full(i + 3 * L);
      v0.store_unaligned(y + i);
      v1.store_unaligned(y + i + L);
      v2.store_unaligned(y + i + 2 * L);
      v3.store_unaligned(y + i + 3 * L);
    }
    for (; i + L <= n; i += L) full(i).store_unaligned(y + i);
  }
  if (i < n) simd::store_tail<A>(y + i, part(i, static_cast<int>(n - i)), static_cast<int>(n - i));
}

}  // namespace cnnkit::ops::kernels

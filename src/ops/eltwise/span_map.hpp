// The one loop of the streaming ops: y[i] = f(i) for a span of n elements, a vector at a time.
// The first few elements (up to y's first vector boundary) go through a masked store, so the
// body stores to aligned addresses: ordinary stores then never split a cache line, and
// non-temporal stores (Stream = true) need that alignment. The last partial vector is a masked
// store too, so nothing outside [y, y + n) is touched. The functor reads its own inputs:
// full(i) returns the vector for elements [i, i + lanes), part(i, m) the one for [i, i + m)
// (lanes past m are never stored), and ahead(i) prefetches the inputs of the 4-vector step at i
// kPrefetchBytes further on (see prefetch_ahead). Streaming callers end their pass with
// simd::stream_fence().
//
// Include only from tier translation units (*.<tier>.cpp).
#pragma once

#include <immintrin.h>

#include <algorithm>
#include <cstdint>
#include <xsimd/xsimd.hpp>

#include "simd/stream_store.hpp"
#include "simd/tail.hpp"

namespace cnnkit::ops::kernels {

// Software prefetch distance and the span size from which it is used. The hardware prefetchers
// alone leave a single-thread pass short of the memory bandwidth when it reads and writes
// separate streams; prefetching 4 KiB ahead measured +20-30% for 64 MiB relu with streaming
// stores and +5-10% in place. Smaller spans run from the caches, where it only costs issue slots.
inline constexpr std::uintptr_t kPrefetchBytes = 4096;
inline constexpr std::int64_t kPrefetchMinSpanBytes = std::int64_t{256} << 10;

// Prefetches the lines of `bytes` bytes at p + kPrefetchBytes. Integer arithmetic: the address may
// lie past the end of the buffer (a prefetch never faults), which a pointer must not.
template <class A, std::size_t bytes, class T>  // A: one copy per tier (see tests/isa_hygiene)
inline void prefetch_ahead(const T* p) {
  const std::uintptr_t at = reinterpret_cast<std::uintptr_t>(p) + kPrefetchBytes;
  for (std::uintptr_t b = 0; b < bytes; b += 64) _mm_prefetch(reinterpret_cast<const char*>(at + b), _MM_HINT_T0);
}

// Stores v at y, aligned: streaming or ordinary.
template <class A, bool Stream, class T>
inline void store_aligned(T* y, const xsimd::batch<T, A>& v) {
  if constexpr (Stream)
    simd::stream_store<A>(y, v);
  else
    v.store_aligned(y);
}

// The body over [i, n) in whole vectors, y + i aligned; returns where it stopped.
template <class A, bool Stream, bool Prefetch, class T, class Full, class Ahead>
inline std::int64_t map_body(T* y, std::int64_t i, std::int64_t n, const Full& full, const Ahead& ahead) {
  using B = xsimd::batch<T, A>;
  constexpr std::int64_t L = static_cast<std::int64_t>(B::size);
  for (; i + 4 * L <= n; i += 4 * L) {
    if constexpr (Prefetch) ahead(i);
    const B v0 = full(i), v1 = full(i + L), v2 = full(i + 2 * L), v3 = full(i + 3 * L);
    store_aligned<A, Stream>(y + i, v0);
    store_aligned<A, Stream>(y + i + L, v1);
    store_aligned<A, Stream>(y + i + 2 * L, v2);
    store_aligned<A, Stream>(y + i + 3 * L, v3);
  }
  for (; i + L <= n; i += L) store_aligned<A, Stream>(y + i, full(i));
  return i;
}

template <class A, bool Stream, class T, class Full, class Part, class Ahead>
inline void map_span(T* y, std::int64_t n, const Full& full, const Part& part, const Ahead& ahead) {
  using B = xsimd::batch<T, A>;
  constexpr std::size_t vector_bytes = sizeof(T) * B::size;
  const std::int64_t head = std::min(n, simd::elements_to_alignment(y, vector_bytes));
  if (head > 0) simd::store_tail<A>(y, part(0, static_cast<int>(head)), static_cast<int>(head));
  std::int64_t i = head;
  if (reinterpret_cast<std::uintptr_t>(y + head) % vector_bytes != 0) {
    // y is not even element-aligned: no aligned (let alone streaming) stores.
    for (; i + static_cast<std::int64_t>(B::size) <= n; i += static_cast<std::int64_t>(B::size))
      full(i).store_unaligned(y + i);
  } else if (n * static_cast<std::int64_t>(sizeof(T)) >= kPrefetchMinSpanBytes) {
    i = map_body<A, Stream, true>(y, i, n, full, ahead);
  } else {
    i = map_body<A, Stream, false>(y, i, n, full, ahead);
  }
  if (i < n) simd::store_tail<A>(y + i, part(i, static_cast<int>(n - i)), static_cast<int>(n - i));
}

}  // namespace cnnkit::ops::kernels

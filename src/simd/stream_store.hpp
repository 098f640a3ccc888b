// Non-temporal ("streaming") stores for outputs far larger than the caches: they skip the read
// for ownership a normal store does, so a pass that reads A and writes B moves 2 bytes per byte
// of B instead of 3. Only worth it when the output will not be read again soon (set
// kStreamMinBytes-style thresholds per op). Every streaming pass ends with stream_fence(), so
// the caller sees ordinary store ordering when the variant returns.
//
// Include only from tier translation units (*.<tier>.cpp) and headers they include.
#pragma once

#include <immintrin.h>

#include <cstdint>
#include <type_traits>
#include <xsimd/xsimd.hpp>

namespace cnnkit::simd {

// Stores a whole vector at p, which must be aligned to the vector's size (see elements_to_alignment).
template <class A, class T>
inline void stream_store(T* p, const xsimd::batch<T, A>& v) {
  constexpr std::size_t bytes = xsimd::batch<T, A>::size * sizeof(T);
  if constexpr (bytes == 64) {
#if XSIMD_WITH_AVX512F
    if constexpr (std::is_same_v<T, float>)
      _mm512_stream_ps(p, v);
    else
      _mm512_stream_pd(p, v);
#endif
  } else if constexpr (bytes == 32) {
#if XSIMD_WITH_AVX
    if constexpr (std::is_same_v<T, float>)
      _mm256_stream_ps(p, v);
    else
      _mm256_stream_pd(p, v);
#endif
  } else {
    if constexpr (std::is_same_v<T, float>)
      _mm_stream_ps(p, v);
    else
      _mm_stream_pd(p, v);
  }
}

// Elements from p to the next multiple of `alignment` bytes (0 if p is aligned). p must be
// element-aligned.
template <class T>
inline std::int64_t elements_to_alignment(const T* p, std::size_t alignment) {
  const auto address = reinterpret_cast<std::uintptr_t>(p);
  const std::uintptr_t misalignment = address % alignment;
  return misalignment == 0 ? 0 : static_cast<std::int64_t>((alignment - misalignment) / sizeof(T));
}

// Makes the streaming stores before it visible before any later store: call once per pass,
// on the thread that issued them.
inline void stream_fence() { _mm_sfence(); }

}  // namespace cnnkit::simd

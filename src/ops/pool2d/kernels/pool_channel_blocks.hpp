// How the pool2d kernels walk the channels: blocks of four full vectors, then single full vectors,
// then one masked tail vector; and how they keep enough independent dependency chains in flight
// (a max step is two dependent compares and a blend): up to kPoolGroup output pixels of a row
// with the same window width are evaluated together, at most pool_chains() vectors at a time.
// Include only from tier translation units (*.<tier>.cpp).
#pragma once

#include <cstdint>
#include <xsimd/xsimd.hpp>

#include "ops/pool2d/pool2d_window.hpp"

namespace cnnkit::ops::kernels {

inline constexpr int kPoolVectors = 4;
inline constexpr int kPoolGroup = 4;
// Vectors in flight per run: each needs two (forward: value and NaN probe) or three (backward:
// plus the winner's tap) registers, so eight on the 32-register tier and four on the others
// (more spills: 4x slower on the 16-register AVX2 tier).
template <class A, class T>
constexpr int pool_chains() {
  return xsimd::batch<T, A>::size * sizeof(T) == 64 ? 8 : 4;
}
inline constexpr std::int64_t kPoolPrefetchBytes = 4096;
inline constexpr std::int64_t kPoolPrefetchMaxSpan = 16384;
inline constexpr std::int64_t kPoolPrefetchMinBytes = std::int64_t{3} << 19;  // 1.5 MiB
inline constexpr std::int64_t kPoolWideBytes = 4096;
inline constexpr std::int64_t kPoolWideMinTaps = 16;
inline constexpr std::int64_t kPoolWideMinWindowBytes = std::int64_t{3} << 19;  // 1.5 MiB

// Calls body.template operator()<NV, Tail>(c0, tail_lanes) for every channel block.
template <class A, class T, class Body>
inline void for_channel_blocks(std::int64_t channels, Body&& body) {
  constexpr std::int64_t L = xsimd::batch<T, A>::size;
  std::int64_t c0 = 0;
  for (; c0 + kPoolVectors * L <= channels; c0 += kPoolVectors * L) body.template operator()<kPoolVectors, false>(c0, 0);
  for (; c0 + L <= channels; c0 += L) body.template operator()<1, false>(c0, 0);
  if (c0 < channels) body.template operator()<1, true>(c0, static_cast<int>(channels - c0));
}

// Item `item` of the forward split into n*ho rows of `parts` column parts each (pool2d_split.hpp):
// output row `row` of n*ho, its output columns [ow_begin, ow_end).
struct PoolRowPart {
  std::int64_t row, ow_begin, ow_end;
};
inline PoolRowPart pool_row_part(std::int64_t item, std::int64_t parts, std::int64_t wo) {
  const std::int64_t part = item % parts;
  return {item / parts, part * wo / parts, (part + 1) * wo / parts};
}

// Splits the windows of output row oh, columns [ow_begin, ow_end), into runs of up to kPoolGroup
// consecutive pixels with the same window width (and divisor) and calls
// run.template operator()<P>(first_ow, windows) per run (P = kPoolGroup; leftovers as a pair and
// singles). Each pixel's result does not depend on the run it is in.
template <class Run>
inline void for_pixel_groups(const Pool2dProblem& p, std::int64_t oh, std::int64_t ow_begin, std::int64_t ow_end,
                             Run&& run) {
  const std::int64_t wo = ow_end;
  for (std::int64_t ow = ow_begin; ow < wo;) {
    PoolWindow win[kPoolGroup];
    win[0] = pool_window(p, oh, ow);
    int count = 1;
    for (; count < kPoolGroup && ow + count < wo; ++count) {
      win[count] = pool_window(p, oh, ow + count);
      if (win[count].w_end - win[count].w_begin != win[0].w_end - win[0].w_begin || win[count].divisor != win[0].divisor)
        break;
    }
    if (count == kPoolGroup) {
      run.template operator()<kPoolGroup>(ow, win);
    } else {
      int i = 0;
      if (count >= 2) run.template operator()<2>(ow, win), i = 2;  // short rows (wo = 2, 3) still get two chains
      for (; i < count; ++i) run.template operator()<1>(ow + i, win + i);
    }
    ow += count;
  }
}
template <class Run>
inline void for_pixel_groups(const Pool2dProblem& p, std::int64_t oh, Run&& run) {
  for_pixel_groups(p, oh, 0, p.y.w, run);
}

// Calls f.template operator()<R, K>() with the window size as compile-time constants for the common
// 2x2 and 3x3 windows (their tap loops then unroll into straight-line code: the short, varying trip
// counts of the generic loops mispredict, and each misprediction throws away the loads in flight),
// or with <0, 0> (sizes given at run time).
template <class F>
inline void with_window_size(std::int64_t rows, std::int64_t cols, F&& f) {
  if (rows == 2 && cols == 2)
    f.template operator()<2, 2>();
  else if (rows == 3 && cols == 3)
    f.template operator()<3, 3>();
  else
    f.template operator()<0, 0>();
}

// Software prefetch of the cells a run of windows reads (first: the first window's first cell,
// last: the last window's), kPoolPrefetchBytes further along each window row. Each load feeds a
// few vector operations, so the out-of-order window alone covers too few loads to hide the memory
// latency (4x slower than bandwidth on the VGG and ResNet pools without it).
template <class A, class T>  // A: one copy per tier (see tests/isa_hygiene)
inline void prefetch_window_rows(const T* first, const T* last, std::int64_t rows, std::int64_t cols,
                                 std::int64_t row_stride, std::int64_t C) {
  const std::int64_t span = (last - first + cols * C) * static_cast<std::int64_t>(sizeof(T));
  // Windows far apart (one per image, for a global pool grouped across images) are not a run.
  if (span > kPoolPrefetchMaxSpan) return;
  // Addresses as integers: the lines ahead may lie past the tensor (a prefetch never faults, but
  // pointer arithmetic past the end would be undefined).
  for (std::int64_t h = 0; h < rows; ++h) {
    const std::uintptr_t ahead = reinterpret_cast<std::uintptr_t>(first + h * row_stride) + kPoolPrefetchBytes;
    for (std::int64_t line = 0; line < span; line += 64)
      __builtin_prefetch(reinterpret_cast<const void*>(ahead + static_cast<std::uintptr_t>(line)));
  }
}

// Vector v of a block starting at p; `end` is one past the last element of p's tensor. The last
// vector of a tail block is loaded whole when that stays inside the tensor (the lanes past `tail`
// belong to the next pixel and are never stored): a masked load is several times slower here when
// it follows stores at the same 4 KiB offset. Only the tensor's very last pixel takes the scalar path.
template <class A, class T>
inline xsimd::batch<T, A> load_lanes(const T* p, int n) {
  alignas(64) T lanes[xsimd::batch<T, A>::size] = {};
  for (int c = 0; c < n; ++c) lanes[c] = p[c];
  return xsimd::batch<T, A>::load_aligned(lanes);
}

template <class A, class T, int NV, bool Tail>
inline xsimd::batch<T, A> load_block(const T* p, int v, int tail, const T* end) {
  constexpr int L = static_cast<int>(xsimd::batch<T, A>::size);
  if constexpr (Tail) {
    if (v == NV - 1 && end - (p + v * L) < L) return load_lanes<A>(p + v * L, tail);
  }
  return xsimd::batch<T, A>::load_unaligned(p + v * L);
}

// The first n lanes of v to p with plain scalar stores. A masked vector store would do, but a load
// that follows it within the same 4 KiB offset (the inputs and outputs of big tensors are often
// equally aligned) waits until the masked store completes: several times slower on this family.
template <class A, class T>
inline void store_lanes(T* p, const xsimd::batch<T, A>& v, int n) {
  alignas(64) T lanes[xsimd::batch<T, A>::size];
  v.store_aligned(lanes);
  for (int c = 0; c < n; ++c) p[c] = lanes[c];
}

template <class A, class T, int NV, bool Tail>
inline void store_block(T* p, int v, int tail, const xsimd::batch<T, A>& value) {
  constexpr int L = static_cast<int>(xsimd::batch<T, A>::size);
  if constexpr (Tail) {
    if (v == NV - 1) return store_lanes<A>(p + v * L, value, tail);
  }
  value.store_unaligned(p + v * L);
}

}  // namespace cnnkit::ops::kernels

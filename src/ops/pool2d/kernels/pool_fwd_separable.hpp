// Max pooling forward with stride 1 along w, as two passes that reuse each other's work: per input
// row, a horizontal max over the window's columns at every output pixel ("row maxes"), kept in a
// ring of kernel_h rows so an input row is reduced once for all the output rows whose windows hold
// it; then per output row, the max of its window rows' row maxes. A k x k window costs 2k steps per
// output instead of k^2 (9x9: 18 instead of 81).
//
// Why this is bitwise the reference: the reference's winner is the first NaN of the window, else
// its first maximum in row-major order. "First maximum" is associative over contiguous runs of that
// order: a row's columns in order, then the rows in order, is the same run cut differently, so the
// winner (and with it which of -0 / +0 comes out) is the same. x86's max(v, best) keeps best on
// ties, which is "first". Going down the columns first would change which zero wins. NaN breaks
// the x86 max (it returns its second operand), so an output row whose window rows hold any NaN is
// recomputed with the exact kernel (pool_fwd_rows).
//
// Both passes run along the contiguous w*C axis of a row, so channel counts that are not whole
// vectors (40 channels: 2.5 avx512 vectors) run on whole vectors too; only row ends have tails.
// Include only from tier translation units (*.<tier>.cpp).
#pragma once

#include <algorithm>
#include <cstdint>
#include <xsimd/xsimd.hpp>

#include "core/workspace.hpp"
#include "ops/pool2d/kernels/pool_fwd_rows.hpp"
#include "ops/pool2d/kernels/pool_lane_ops.hpp"
#include "ops/pool2d/pool2d_window.hpp"

namespace cnnkit::ops::kernels {

// m[e] = first maximum over taps t in [t_lo, t_hi) of row[e + (t - pad_left) * C], for e in [e0, e1).
// Four vectors in flight (each step is one max on the previous result).
template <class A, class T>
inline void row_maxes(const T* row, T* m, std::int64_t e0, std::int64_t e1, std::int64_t t_lo, std::int64_t t_hi,
                      std::int64_t C, std::int64_t pad_left) {
  using B = xsimd::batch<T, A>;
  constexpr std::int64_t L = B::size;
  const std::int64_t first = (t_lo - pad_left) * C;  // >= -e0: the taps are real cells
  std::int64_t e = e0;
  for (; e + 4 * L <= e1; e += 4 * L) {
    B best[4];
    for (int v = 0; v < 4; ++v) best[v] = B::load_unaligned(row + e + first + v * L);
    for (std::int64_t t = t_lo + 1; t < t_hi; ++t) {
      const T* tap = row + e + (t - pad_left) * C;
      for (int v = 0; v < 4; ++v) best[v] = max_step_ordered<A, T>(best[v], B::load_unaligned(tap + v * L));
    }
    for (int v = 0; v < 4; ++v) best[v].store_unaligned(m + e + v * L);
  }
  for (; e + L <= e1; e += L) {
    B best = B::load_unaligned(row + e + first);
    for (std::int64_t t = t_lo + 1; t < t_hi; ++t) best = max_step_ordered<A, T>(best, B::load_unaligned(row + e + (t - pad_left) * C));
    best.store_unaligned(m + e);
  }
  for (; e < e1; ++e) {  // the row's tail: the same rule on scalars (larger wins, ties keep the first)
    T best = row[e + first];
    for (std::int64_t t = t_lo + 1; t < t_hi; ++t) {
      const T v = row[e + (t - pad_left) * C];
      if (v > best) best = v;
    }
    m[e] = best;
  }
}

template <class A, class T>
inline bool row_has_nan(const T* row, std::int64_t count) {
  using B = xsimd::batch<T, A>;
  constexpr std::int64_t L = B::size;
  std::int64_t i = 0;
  xsimd::batch_bool<T, A> any(false);
  for (; i + L <= count; i += L) {
    const B v = B::load_unaligned(row + i);
    any = any | xsimd::isnan(v);
  }
  bool found = xsimd::any(any);
  for (; i < count; ++i) found = found || row[i] != row[i];
  return found;
}

// The row maxes of input row h of image n for every output pixel (wo * C values), and whether the
// row holds a NaN. Interior pixels (the whole window inside the row) in one run; the few pixels
// whose windows the left or right padding clips, each with its own taps.
template <class A, class T>
inline bool row_maxes_of(const Pool2dProblem& p, const T* row, T* m) {
  const std::int64_t C = p.x.c, W = p.x.w, wo = p.y.w, kw = p.params.kernel_w, pl = p.params.pad.left;
  const std::int64_t lo = std::min(pl, wo), hi = std::clamp(W - kw + pl + 1, lo, wo);
  row_maxes<A, T>(row, m, lo * C, hi * C, 0, kw, C, pl);
  for (std::int64_t ow = 0; ow < wo; ++ow) {
    if (ow == lo) ow = hi;
    if (ow >= wo) break;
    const std::int64_t w0 = ow - pl;
    row_maxes<A, T>(row, m, ow * C, (ow + 1) * C, std::max<std::int64_t>(0, -w0), std::min(kw, W - w0), C, pl);
  }
  return row_has_nan<A, T>(row, W * C);
}

// Output rows [begin, end) of n*ho. The ring holds the row maxes of up to kernel_h input rows,
// slot h % kernel_h; tags say which (image, row) a slot holds (n * H + h, or -1) and whether it
// holds a NaN. The ring is this thread's per-body scratch (core/workspace.hpp: grown once, kept),
// not a std::vector: its out-of-line members compiled with a tier's flags could be the copy the
// linker keeps for baseline code (tests/isa_hygiene).
template <class A, class T>
void pool_fwd_separable_rows(const Pool2dProblem& p, const T* x, T* y, std::int64_t begin, std::int64_t end, bool stream) {
  using B = xsimd::batch<T, A>;
  constexpr std::int64_t L = B::size;
  const std::int64_t C = p.x.c, H = p.x.h, W = p.x.w, ho = p.y.h, wo = p.y.w;
  const std::int64_t kh = p.params.kernel_h, sh = p.params.stride_h, pt = p.params.pad.top;
  const std::int64_t len = wo * C;
  struct Slot {
    std::int64_t tag;
    bool has_nan;
  };
  const std::size_t ring_bytes = (static_cast<std::size_t>(kh * len) * sizeof(T) + 63) / 64 * 64;
  char* scratch = core::thread_scratch<char>(core::ScratchSlot::input_band, ring_bytes + static_cast<std::size_t>(kh) * sizeof(Slot));
  T* const ring = reinterpret_cast<T*>(scratch);
  Slot* const slots = reinterpret_cast<Slot*>(scratch + ring_bytes);
  for (std::int64_t s = 0; s < kh; ++s) slots[s] = {-1, false};  // stale across calls: x may differ
  for (std::int64_t r = begin; r < end; ++r) {
    const std::int64_t n = r / ho, oh = r % ho;
    const std::int64_t hb = std::max<std::int64_t>(oh * sh - pt, 0), he = std::min(oh * sh - pt + kh, H);
    bool nan = false;
    for (std::int64_t h = hb; h < he; ++h) {
      Slot& slot = slots[h % kh];
      if (slot.tag != n * H + h) {
        slot.has_nan = row_maxes_of<A, T>(p, x + (n * H + h) * W * C, ring + (h % kh) * len);
        slot.tag = n * H + h;
      }
      nan = nan || slot.has_nan;
    }
    if (nan) {  // the x86 max drops NaN: this row takes the exact path
      pool_fwd_rows<A, T>(p, x, y, r, r + 1, 1, stream);  // one part: the whole row
      continue;
    }
    const T* first = ring + (hb % kh) * len;
    T* out = y + r * len;
    std::int64_t e = 0;
    for (; e + 2 * L <= len; e += 2 * L) {
      B best0 = B::load_unaligned(first + e), best1 = B::load_unaligned(first + e + L);
      for (std::int64_t h = hb + 1; h < he; ++h) {
        const T* m = ring + (h % kh) * len + e;
        best0 = max_step_ordered<A, T>(best0, B::load_unaligned(m));
        best1 = max_step_ordered<A, T>(best1, B::load_unaligned(m + L));
      }
      best0.store_unaligned(out + e);
      best1.store_unaligned(out + e + L);
    }
    for (; e + L <= len; e += L) {
      B best = B::load_unaligned(first + e);
      for (std::int64_t h = hb + 1; h < he; ++h)
        best = max_step_ordered<A, T>(best, B::load_unaligned(ring + (h % kh) * len + e));
      best.store_unaligned(out + e);
    }
    for (; e < len; ++e) {
      T best = first[e];
      for (std::int64_t h = hb + 1; h < he; ++h) {
        const T v = ring[(h % kh) * len + e];
        if (v > best) best = v;
      }
      out[e] = best;
    }
  }
}

}  // namespace cnnkit::ops::kernels

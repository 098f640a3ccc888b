#include "ops/pool2d/pool2d_indices_scatter.hpp"

#include <algorithm>
#include <atomic>
#include <cstdint>

#include "core/thread_gate.hpp"
#include "core/threading.hpp"
#include "ops/pool2d/pool2d_split.hpp"
#include "ops/pool2d/pool2d_threading.hpp"
#include "ops/pool2d/pool2d_window.hpp"

namespace cnnkit::ops {
namespace {

constexpr std::int64_t kScatterMinCells = 25;
constexpr std::int64_t kScatterMaxChannels = 5;

// i / w for 0 <= i < 2^31: a double multiply by the reciprocal, then corrected by at most one
// either way (the rounded reciprocal can land just below an exact multiple).
inline std::int64_t divide(std::int64_t i, std::int64_t w, double inverse) {
  std::int64_t q = static_cast<std::int64_t>(static_cast<double>(i) * inverse);
  if (q * w > i) --q;
  if ((q + 1) * w <= i) ++q;
  return q;
}

// dx rows [begin, end) of n*h: zeroed, then credited from every window that reaches them (a window
// cut by the band edge is read by both bands, each crediting only its own rows). Returns the
// smallest flat position of an index that is not a cell of its window, or -1.
template <class T>
std::int64_t scatter_band(const Pool2dProblem& p, const std::int32_t* indices, const T* dy, T* dx, std::int64_t begin,
                          std::int64_t end) {
  const Pool2dParams& q = p.params;
  const std::int64_t H = p.x.h, W = p.x.w, C = p.x.c, ho = p.y.h, wo = p.y.w;
  const double inverse = 1.0 / static_cast<double>(W);
  std::fill(dx + begin * W * C, dx + end * W * C, T(0));
  std::int64_t bad = -1;
  for (std::int64_t g = begin; g < end;) {
    const std::int64_t n = g / H, h0 = g % H, h1 = std::min(H, h0 + (end - g));
    T* dxn = dx + n * H * W * C;
    const std::int64_t reach = h0 + q.pad.top - q.kernel_h;  // output rows before this reach no row >= h0
    for (std::int64_t oh = reach < 0 ? 0 : reach / q.stride_h + 1; oh < ho && oh * q.stride_h - q.pad.top < h1; ++oh) {
      const PoolWindow rows = pool_window(p, oh, 0);
      if (rows.h_end <= h0 || rows.h_begin >= h1) continue;
      // Every window of the row has these rows; its columns are [w0, w0 + kernel_w) clipped.
      const std::int64_t hb = rows.h_begin, he = rows.h_end, row_lo = std::max(hb, h0), row_hi = std::min(he, h1);
      for (std::int64_t ow = 0; ow < wo; ++ow) {
        const std::int64_t w0 = ow * q.stride_w - q.pad.left;
        const std::int64_t wb = std::max<std::int64_t>(w0, 0), cols = std::min(w0 + q.kernel_w, W) - wb;
        const std::int64_t at = ((n * ho + oh) * wo + ow) * C;
        for (std::int64_t c = 0; c < C; ++c) {
          const std::int64_t i = indices[at + c];
          // The window's cell i: its row h in [hb, he), its column i - h * W in [wb, wb + cols).
          // Up to four rows by comparison, more by the corrected reciprocal (no division).
          std::int64_t h = -1;
          if (he - hb <= 4) {
            for (std::int64_t r = hb; r < he; ++r)
              if (static_cast<std::uint64_t>(i - (r * W + wb)) < static_cast<std::uint64_t>(cols)) h = r;
          } else if (i >= 0) {
            const std::int64_t r = divide(i, W, inverse);
            if (r >= hb && r < he && static_cast<std::uint64_t>(i - (r * W + wb)) < static_cast<std::uint64_t>(cols)) h = r;
          }
          if (h < 0) {
            if (bad < 0 || at + c < bad) bad = at + c;
            continue;
          }
          if (h < row_lo || h >= row_hi) continue;  // another band's row
          T& cell = dxn[i * C + c];
          cell = nan_sticky_add(cell, dy[at + c]);
        }
      }
    }
    g += h1 - h0;
  }
  return bad;
}

}  // namespace

template <Threading Th, class T>
const char* pool2d_bwd_indices_scatter_declines(const Pool2dProblem& p, const core::Exec& exec) {
  // Measured against the best blocked/simd tier (avx512 machine, floats): few channels 2-5x
  // faster (C = 1, 3, 5; C = 8 0.8x), overlapping windows of 25 and 81 cells 1.3x and 3.6x; small
  // windows over whole vectors 0.3-0.6x, large disjoint ones 0.8-0.9x (SIGNS 8x8/8, 6x6/6 over 24).
  if (!exec.forced && p.x.c > kScatterMaxChannels &&
      !(windows_overlap(p) && p.params.kernel_h * p.params.kernel_w >= kScatterMinCells))
    return "windows under 25 cells or disjoint, over more than 5 channels: blocked's vector compares are faster";
  return pool_threads_decline<Th>(p, exec);
}

template <Threading Th, class T>
void pool2d_bwd_indices_scatter(const Pool2dProblem& p, const std::int32_t* indices, const T* dy, T* dx,
                                std::int64_t* bad, const core::Exec& exec) {
  std::atomic<std::int64_t> found{-1};
  const core::ThreadSplit split = pool_input_row_split(p, exec, false);
  core::parallel_for(
      Th, core::resolve_num_threads(Th, exec), split.items,
      [&](std::int64_t begin, std::int64_t end) { note_first_bad(found, scatter_band(p, indices, dy, dx, begin, end)); },
      split.grain);
  *bad = found.load();
}

#define CNNKIT_INSTANTIATE(TH, T)                                                                              \
  template void pool2d_bwd_indices_scatter<TH, T>(const Pool2dProblem&, const std::int32_t*, const T*, T*,     \
                                                  std::int64_t*, const core::Exec&);                            \
  template const char* pool2d_bwd_indices_scatter_declines<TH, T>(const Pool2dProblem&, const core::Exec&);
CNNKIT_INSTANTIATE(Threading::serial, float)
CNNKIT_INSTANTIATE(Threading::openmp, float)
CNNKIT_INSTANTIATE(Threading::tbb, float)
CNNKIT_INSTANTIATE(Threading::serial, double)
CNNKIT_INSTANTIATE(Threading::openmp, double)
CNNKIT_INSTANTIATE(Threading::tbb, double)

}  // namespace cnnkit::ops

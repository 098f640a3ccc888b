// Baseline code: the cut search runs once per threaded call, on small tile counts only.
#include "ops/conv2d/conv2d_tile_cut.hpp"

#include <array>
#include <cmath>

#include "core/schedule_simulation.hpp"

namespace cnnkit::ops {
namespace {

// Expected balance of the cut on `threads` threads (<= kTileCutMaxThreads) under the dynamic
// schedule (grain 1), by the simulation the thread plan query also runs; no allocation.
double cut_balance(const ConvTileCut& cut, int threads) {
  std::array<core::ThreadLoad, kTileCutMaxThreads> loads{};
  return core::simulate_schedule(cut.tiles(), threads, 1, 0.0, [&](std::int64_t t) { return cut.work(t); }, loads)
      .load_balance;
}

}  // namespace

ConvTileCut cut_conv_tiles(const ConvTileCut& plan_cut, int threads, std::int64_t max_cols) {
  ConvTileCut own = plan_cut;
  own.band_rows = std::clamp<std::int64_t>(own.band_rows, 1, std::max<std::int64_t>(own.height, 1));
  own.bands = (own.height + own.band_rows - 1) / own.band_rows;
  own.cols = own.parts = 1;
  own.even = false;
  threads = std::min(threads, kTileCutMaxThreads);
  const std::int64_t enough = kTilesPerThreadEnough * threads, outer = own.images * own.groups;
  if (threads <= 1 || own.tiles() == 0 || own.tiles() >= enough || own.blocks < 1) return own;
  ConvTileCut best = own;
  double best_balance = cut_balance(own, threads);
  // Whole rows first; for each column count the fewest bands, and for each the fewest channel
  // ranges. A finer cut is kept only when it balances clearly better (a percent), so no tile is
  // cut for nothing.
  for (std::int64_t cols = 1; cols <= std::max<std::int64_t>(max_cols, 1) && best_balance < kTileBalanceTarget; ++cols)
    for (std::int64_t bands = own.bands; bands <= own.height && best_balance < kTileBalanceTarget; ++bands) {
      ConvTileCut cut = own;
      cut.cols = cols;
      cut.bands = bands;
      cut.even = bands != own.bands;
      cut.band_rows = cut.even ? (own.height + bands - 1) / bands : own.band_rows;
      for (cut.parts = 1; cut.parts <= own.blocks; ++cut.parts) {
        const std::int64_t tiles = cut.tiles();
        // With fewer than kChunksPerThread tiles per thread each is a chunk: at best, equal tiles
        // spread as evenly as their count allows.
        const double t = double(tiles) / threads;
        const double bound = tiles >= core::kChunksPerThread * threads ? 1.0 : t / std::ceil(t);
        if (bound > best_balance + 0.01) {
          const double balance = cut_balance(cut, threads);
          if (balance > best_balance + 0.01) best = cut, best_balance = balance;
        }
        if (best_balance >= kTileBalanceTarget || tiles >= enough) break;
      }
      if (outer * bands * cols >= enough) break;
    }
  return best;
}

}  // namespace cnnkit::ops

// Baseline code: the cut search runs once per threaded call, on small tile counts only.
#include "ops/conv2d/conv2d_tile_cut.hpp"

#include <array>
#include <cmath>
#include <functional>
#include <utility>

namespace cnnkit::ops {
namespace {

// Expected balance of the cut on `threads` threads under the dynamic schedule: chunks as
// chunk_count cuts the tiles (grain 1), each taken by the least loaded thread (the lowest index on
// ties), as core::simulate_dynamic_schedule does for the thread plan query. No allocation: the
// loads live in a fixed array (threads <= kTileCutMaxThreads), kept as a min-heap.
double cut_balance(const ConvTileCut& cut, int threads) {
  const std::int64_t tiles = cut.tiles();
  const std::int64_t chunks = core::chunk_count(tiles, threads, 1);
  const int team = static_cast<int>(std::min<std::int64_t>(threads, chunks));
  if (team <= 1) return 1.0 / threads;
  using Load = std::pair<double, int>;  // (work, thread): the heap's top is the least loaded
  std::array<Load, kTileCutMaxThreads> loads{};
  for (int t = 0; t < team; ++t) loads[static_cast<std::size_t>(t)] = {0.0, t};
  const auto first = loads.begin(), last = loads.begin() + team;
  double total = 0, most = 0;
  for (std::int64_t c = 0; c < chunks; ++c) {
    double work = 0;
    for (std::int64_t t = core::share_begin(tiles, chunks, c), e = core::share_begin(tiles, chunks, c + 1); t < e; ++t)
      work += cut.work(t);
    std::pop_heap(first, last, std::greater<>());
    Load& free = *(last - 1);
    free.first += work;
    most = std::max(most, free.first);
    std::push_heap(first, last, std::greater<>());
    total += work;
  }
  return most > 0 ? total / threads / most : 1.0;
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

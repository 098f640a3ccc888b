#include "ops/conv2d/conv2d_thread_splits.hpp"

#include <algorithm>
#include <functional>
#include <string>

namespace cnnkit::ops {
namespace {

// item_work[i] = work(i) for every item.
template <class Work>
void fill_work(core::ThreadSplit& split, Work&& work) {
  split.item_work.resize(static_cast<std::size_t>(split.items));
  for (std::int64_t i = 0; i < split.items; ++i) split.item_work[static_cast<std::size_t>(i)] = work(i);
}

std::string parts_unit(std::int64_t parts, const char* blocks) {
  return parts > 1 ? " x 1/" + std::to_string(parts) + " of the " + blocks : std::string();
}

// The tiles of a cut (conv2d_tile_cut.hpp), each costing its rows x columns x channel blocks
// (the last band may be shorter); `rows` and `blocks` name what the op's rows and blocks are.
core::ThreadSplit tile_split(const ConvTileCut& cut, const char* rows, const char* blocks, bool with_work) {
  core::ThreadSplit split;
  split.items = cut.tiles();
  if (!with_work) return split;  // the driver needs only items and grain: no allocation
  split.unit = "image x band of " + std::to_string(cut.band_rows) + " " + rows + " x group" +
               parts_unit(cut.cols, "columns") + parts_unit(cut.parts, blocks);
  fill_work(split, [&](std::int64_t t) { return cut.work(t); });
  return split;
}

}  // namespace

core::ThreadSplit conv_fwd_thread_split(const ConvFwdPlan& plan, bool with_work) {
  return tile_split(plan.tile_cut(), "output rows", "c_out blocks", with_work);
}

core::ThreadSplit conv_bwd_data_thread_split(const ConvBwdDataPlan& plan, bool with_work) {
  const ConvTileCut cut = plan.tile_cut();
  if (!plan.gemm) return tile_split(cut, "dx rows", "dx channel blocks", with_work);
  core::ThreadSplit split;
  split.items = plan.tiles();
  if (!with_work) return split;  // the driver needs only items and grain: no allocation
  split.unit = plan.bands == 1 ? "image x group (dy x weights, then col2im)"
                               : "image x band of " + std::to_string(plan.band_rows) +
                                     " dx rows x group (dy x weights for the dy rows reaching it, then col2im)";
  // A band costs the dy rows it multiplies (neighbouring bands share some); whole images cost the same.
  if (plan.bands > 1)
    fill_work(split, [&](std::int64_t t) {
      std::int64_t first = 0, last = 0;
      conv_bwd_data_gemm_band_rows(plan, cut.row_begin(t), cut.row_end(t), first, last);
      return static_cast<double>(last - first + 1);
    });
  return split;
}

core::ThreadSplit conv_bwd_weights_thread_split(const ConvBwdWeightsPlan& plan, bool with_work) {
  core::ThreadSplit split;
  split.items = plan.items();
  if (!with_work) return split;  // the driver needs only items and grain: no allocation
  const std::int64_t units = plan.units();
  const std::string parts =
      plan.pixel_parts > 1 ? "1/" + std::to_string(plan.pixel_parts) + " of the pixels x " : std::string();
  // A unit costs its rows (rows-vectorised: its row vectors), summed over its part's pixel chunks
  // (the last chunk of an image, or of the images, may be smaller: counted as whole).
  std::function<double(std::int64_t)> unit_work;
  if (plan.rows_vectorised) {
    split.unit = parts + "group x tile of " + std::to_string(plan.rv) + " dW row vectors (all c_out)";
    const std::int64_t vectors = plan.runs * plan.vectors_per_run;
    unit_work = [&plan, vectors](std::int64_t u) {
      const std::int64_t w0 = (u % plan.tiles_per_group) * plan.rv;
      return static_cast<double>(std::clamp<std::int64_t>(vectors - w0, 0, plan.rv));
    };
  } else {
    split.unit = parts + "group x c_out block x kernel run x block of " + std::to_string(plan.mr) + " dW rows";
    unit_work = [&plan](std::int64_t u) {
      const std::int64_t r0 = (u % plan.row_blocks) * plan.mr;
      return static_cast<double>(std::min<std::int64_t>(plan.mr, plan.run_len - r0));
    };
  }
  fill_work(split, [&](std::int64_t item) {
      const std::int64_t part = item / units;
      const double chunks = static_cast<double>(plan.part_chunk_begin(part + 1) - plan.part_chunk_begin(part));
      return unit_work(item % units) * chunks;
    });
  return split;
}

core::ThreadSplit conv_bwd_bias_thread_split(const ConvBwdBiasPlan& plan, bool with_work) {
  core::ThreadSplit split;
  split.items = plan.chunks;
  if (!with_work) return split;  // the driver needs only items and grain: no allocation
  split.unit = "chunk of " + std::to_string(plan.chunk_pixels) + " dy pixels";
  // The last chunk may be shorter.
  fill_work(split, [&](std::int64_t c) {
      return static_cast<double>(std::min(plan.chunk_pixels, plan.pixels - c * plan.chunk_pixels));
    });
  return split;
}

core::ThreadSplit depthwise_rows_thread_split(std::int64_t rows, const char* unit, bool with_work) {
  core::ThreadSplit split;
  split.items = rows;
  if (!with_work) return split;  // the driver needs only items and grain: no allocation
  split.unit = unit;
  return split;
}

core::ThreadSplit depthwise_weights_thread_split(const DepthwiseWeightsChunks& chunks, std::int64_t channels,
                                                 std::int64_t group, bool with_work) {
  const std::int64_t groups = (channels + group - 1) / group;
  core::ThreadSplit split;
  split.items = chunks.chunks * groups;
  if (!with_work) return split;  // the driver needs only items and grain: no allocation
  split.unit = "chunk of " + std::to_string(chunks.rows_per_chunk) + " output rows x group of " +
               std::to_string(group) + " channels";
  // An item costs its chunk's rows times its group's channels (the last of each may be shorter).
  fill_work(split, [&](std::int64_t item) {
      const std::int64_t chunk = item / groups, c0 = item % groups * group;
      const std::int64_t rows = std::min(chunks.rows_per_chunk, chunks.rows - chunk * chunks.rows_per_chunk);
      return static_cast<double>(rows * (std::min(channels, c0 + group) - c0));
    });
  return split;
}

}  // namespace cnnkit::ops

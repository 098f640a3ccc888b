// The thread splits of the conv2d ops' threaded variants (core::ThreadSplit): the items and grain
// each driver hands core::parallel_for, built from the plan it runs, and (with_work: for the
// thread plan query) the unit's description and each item's relative cost. A driver and its
// registry entry's split function call the same builder on the same plan, so the query reports
// the split the variant runs; the drivers' calls (without work) allocate nothing (a string per
// call cost 15% of a 1-microsecond squeeze-excite layer).
#pragma once

#include <cstdint>

#include "core/thread_split.hpp"
#include "ops/conv2d/conv2d_bwd_bias_plan.hpp"
#include "ops/conv2d/conv2d_bwd_data_plan.hpp"
#include "ops/conv2d/conv2d_bwd_weights_plan.hpp"
#include "ops/conv2d/conv2d_fwd_plan.hpp"
#include "ops/conv2d/depthwise/depthwise_plan.hpp"

namespace cnnkit::ops {

// Blocked forward (and backward data through the forward planar kernel): the plan's tiles.
core::ThreadSplit conv_fwd_thread_split(const ConvFwdPlan& plan, bool with_work);

// Blocked backward data: the plan's tiles (direct form: image x band x group x channel range;
// gemm form: image x group).
core::ThreadSplit conv_bwd_data_thread_split(const ConvBwdDataPlan& plan, bool with_work);

// Blocked backward weights: the plan's work units (disjoint parts of dW).
core::ThreadSplit conv_bwd_weights_thread_split(const ConvBwdWeightsPlan& plan, bool with_work);

// Blocked bias gradient: the plan's fixed pixel chunks.
core::ThreadSplit conv_bwd_bias_thread_split(const ConvBwdBiasPlan& plan, bool with_work);

// Depthwise forward and backward data: one item per output row (n, oh) or dx row (n, ih), every
// row the same work.
core::ThreadSplit depthwise_rows_thread_split(std::int64_t rows, const char* unit, bool with_work);

// Depthwise backward weights: (row chunk, channel group) items, `group` channels per group.
core::ThreadSplit depthwise_weights_thread_split(const DepthwiseWeightsChunks& chunks, std::int64_t channels,
                                                 std::int64_t group, bool with_work);

}  // namespace cnnkit::ops

// Weight packing split over a thread team: the threaded conv2d drivers pack with the call's team,
// the prepack constructors with the team their Context allows. The plans cut packing into units
// that each write their own run of the layout (pack_units()), so any split writes the same bytes
// as the serial packing; the nonfinite flag is the OR of every part's, whatever the split.
#pragma once

#include "cnnkit/dispatch.hpp"
#include "ops/conv2d/conv2d_bwd_data_plan.hpp"
#include "ops/conv2d/conv2d_fwd_plan.hpp"

namespace cnnkit::ops {

// Below this many packed bytes one thread packs alone: waking a team costs more than it saves.
inline constexpr std::int64_t kThreadedPackMinBytes = 128 * 1024;

// pack_conv_fwd_weights / pack_conv_bwd_data_weights over `threads` threads of runtime `kind`
// (serial, or one thread, or less than kThreadedPackMinBytes: inline on the calling thread).
template <class T>
bool pack_conv_fwd_weights_threaded(const ConvFwdPlan& plan, const T* w, T* packed, Threading kind, int threads);
template <class T>
bool pack_conv_bwd_data_weights_threaded(const ConvBwdDataPlan& plan, const T* w, T* packed, Threading kind,
                                         int threads);

}  // namespace cnnkit::ops

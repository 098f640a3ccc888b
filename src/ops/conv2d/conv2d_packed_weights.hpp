// Weights packed ahead of conv2d_forward or conv2d_backward_data calls (cnnkit/prepack.hpp): what
// the public objects hold, and the ISA-neutral descriptions a blocked variant checks before it
// uses the packed layout instead of packing in the call.
#pragma once

#include <cstdint>
#include <vector>

#include "cnnkit/dispatch.hpp"
#include "cnnkit/tensor.hpp"
#include "core/aligned_array.hpp"
#include "ops/conv2d/conv2d_bwd_data_plan.hpp"
#include "ops/conv2d/conv2d_fwd_plan.hpp"

namespace cnnkit::ops {

// Weights in pack_conv_fwd_weights's layout for one tier's register blocking.
struct ConvFwdPackedLayout {
  Isa isa = Isa::scalar;  // scalar: nothing packed
  std::int64_t groups = 0, cig = 0, cog = 0, kh = 0, kw = 0, nb = 0;
  const void* data = nullptr;  // T values, 64-byte aligned; null when the tier's kernel packs nothing
  // The weights hold an infinity or a NaN (found once at packing, for conv2d_nonfinite_fixup.hpp).
  bool weights_nonfinite = false;

  // The layout is the one `plan` (made for tier `tier`) would pack: same tier, blocking, shape.
  bool serves(const ConvFwdPlan& plan, Isa tier) const {
    return data && isa == tier && groups == plan.groups && cig == plan.cig && cog == plan.cog &&
           kh == plan.p.w.kh && kw == plan.p.w.kw && nb == plan.nb;
  }
};

// Weights in pack_conv_bwd_data_weights's layout (direct or gemm form) for one tier's blocking.
struct ConvBwdDataPackedLayout {
  Isa isa = Isa::scalar;  // scalar: nothing packed
  std::int64_t groups = 0, cig = 0, cog = 0, kh = 0, kw = 0, nb = 0;
  bool gemm = false;
  const void* data = nullptr;  // T values, 64-byte aligned
  bool weights_nonfinite = false;  // as ConvFwdPackedLayout's

  // The layout is the one `plan` (made for tier `tier`) would pack: same tier, form, blocking, shape.
  bool serves(const ConvBwdDataPlan& plan, Isa tier) const {
    return data && isa == tier && gemm == plan.gemm && groups == plan.groups && cig == plan.cig &&
           cog == plan.cog && kh == plan.p.w.kh && kw == plan.p.w.kw && nb == plan.nb;
  }
};

}  // namespace cnnkit::ops

namespace cnnkit::detail {

// What a prepacked-weights object holds, for either layout.
template <class T, class Layout>
struct PackedConvWeights {
  HwioShape shape;
  std::int64_t groups = 1;
  std::vector<T> hwio;           // the caller's weights, copied
  core::AlignedArray<T> packed;  // empty when layout.isa is scalar
  Layout layout;                 // describes `packed`
};

template <class T>
struct Conv2dPackedWeightsData : PackedConvWeights<T, ops::ConvFwdPackedLayout> {};
template <class T>
struct Conv2dBackwardDataPackedWeightsData : PackedConvWeights<T, ops::ConvBwdDataPackedLayout> {};

}  // namespace cnnkit::detail

// Convolution: the problem every conv2d variant receives (already validated), and the traits of
// the four conv2d ops. Index conventions: x (n, ih, iw, c_in) NHWC, w (kh, kw, c_in/g, c_out)
// HWIO, y (n, oh, ow, c_out) NHWC.
#pragma once

#include <cstdint>
#include <sstream>
#include <string>

#include "cnnkit/dispatch.hpp"
#include "cnnkit/params.hpp"
#include "cnnkit/tensor.hpp"
#include "core/registry.hpp"
#include "core/text.hpp"
#include "core/tuning_fields.hpp"

namespace cnnkit::ops {

struct ConvFwdPackedLayout;      // conv2d_packed_weights.hpp
struct ConvBwdDataPackedLayout;  // conv2d_packed_weights.hpp

struct Conv2dProblem {
  NhwcShape x;  // input (dx for backward data)
  HwioShape w;
  NhwcShape y;  // output (dy for the backward ops)
  Conv2dParams params;
  bool has_bias = false;
  // Forward only: the weights also exist packed ahead of the call (cnnkit/prepack.hpp). A blocked
  // variant whose tier and blocking match uses them and skips packing; every variant may ignore it.
  const ConvFwdPackedLayout* packed_weights = nullptr;
  // Backward data only: the same for the backward-data layout.
  const ConvBwdDataPackedLayout* packed_bwd_data = nullptr;
  // Forward only: y = relu(y) as each output is stored (Conv2dEpilogue::relu), by relu_forward's
  // rule: keep v where !(v <= 0) (NaN included, payload kept), else +0. Not a tuning field: the
  // fused and the plain call share the cached choice, so the fused result is the plain call's
  // followed by relu_forward, bitwise, under measuring tuning too.
  bool relu = false;
  // Backward weights only: told that dy's pixels [begin, end) (flat n, h, w order) have just been
  // read by the part of the work that owns units [unit_begin, unit_end) of `units`, so the bias
  // gradient can be summed while they are in cache (conv2d_bwd_bias_fused.hpp). The parts that
  // read a pixel own every unit between them, and each reports its pieces in pixel order.
  // first_part: the pixel is in the first of the fixed pixel parts backward weights may cut dy
  // into (always, when it does not), whose pieces come first in pixel order. A plain function
  // pointer, not a callable: tier code calls no shared inline helpers. Not a tuning field (the
  // fused call never tunes: see there).
  struct DyProgress {
    void (*done)(void* self, std::int64_t begin, std::int64_t end, std::int64_t unit_begin, std::int64_t unit_end,
                 std::int64_t units, bool first_part) = nullptr;
    void* self = nullptr;
  } dy_progress{};

  bool prepacked() const { return packed_weights || packed_bwd_data; }
  std::int64_t groups() const { return params.groups; }
  std::int64_t c_in_per_group() const { return w.c_in_per_group; }
  std::int64_t c_out_per_group() const { return w.c_out / params.groups; }
  // Multiply-adds of one direction, padding taps included (the convention of the anchors).
  double flops() const {
    return 2.0 * static_cast<double>(y.n) * y.h * y.w * y.c * w.kh * w.kw * w.c_in_per_group;
  }

  std::string describe() const {
    std::ostringstream o;
    o << "x=" << core::compact(x) << " w=" << core::compact(w) << " y=" << core::compact(y)
      << " stride=" << params.stride_h << "x" << params.stride_w << " pad=" << core::compact(params.pad)
      << " dilation=" << params.dilation_h << "x" << params.dilation_w << " groups=" << params.groups
      << (has_bias ? " bias" : "") << (relu ? " relu" : "") << (prepacked() ? " prepacked" : "")
      << (dy_progress.done ? " +bias_grad" : "");
    return o.str();
  }
  void tuning_fields(core::KeyFields& f) const {
    f.add(x), f.add(w), f.add(y), f.add(params.pad);
    f.add(params.stride_h), f.add(params.stride_w), f.add(params.dilation_h), f.add(params.dilation_w);
    f.add(params.groups), f.add(has_bias), f.add(prepacked());
  }
};

// Bias gradient: column sums of dy seen as (n*h*w, c).
struct Conv2dBiasProblem {
  NhwcShape dy;
  std::string describe() const { return "dy=" + core::compact(dy); }
  void tuning_fields(core::KeyFields& f) const { f.add(dy); }
};

struct Conv2dFwdOp {
  static constexpr OpId id = OpId::conv2d_fwd;
  using Problem = Conv2dProblem;
  // b is null when !has_bias.
  template <class T>
  using Fn = void(const Conv2dProblem&, const T* x, const T* w, const T* b, T* y, const core::Exec&);
};

struct Conv2dBwdDataOp {
  static constexpr OpId id = OpId::conv2d_bwd_data;
  using Problem = Conv2dProblem;
  template <class T>
  using Fn = void(const Conv2dProblem&, const T* dy, const T* w, T* dx, const core::Exec&);
};

struct Conv2dBwdWeightsOp {
  static constexpr OpId id = OpId::conv2d_bwd_weights;
  using Problem = Conv2dProblem;
  template <class T>
  using Fn = void(const Conv2dProblem&, const T* x, const T* dy, T* dw, const core::Exec&);
};

struct Conv2dBwdBiasOp {
  static constexpr OpId id = OpId::conv2d_bwd_bias;
  using Problem = Conv2dBiasProblem;
  template <class T>
  using Fn = void(const Conv2dBiasProblem&, const T* dy, T* db, const core::Exec&);
};

}  // namespace cnnkit::ops

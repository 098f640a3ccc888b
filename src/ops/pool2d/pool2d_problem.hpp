// Pooling: the problem every pool2d variant receives (already validated).
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

struct Pool2dProblem {
  NhwcShape x;  // input (dx for backward)
  NhwcShape y;  // output (dy for backward)
  Pool2dParams params;

  std::string describe() const {
    std::ostringstream o;
    o << (params.mode == PoolMode::max ? "max" : "avg") << " x=" << core::compact(x)
      << " y=" << core::compact(y) << " kernel=" << params.kernel_h << "x" << params.kernel_w
      << " stride=" << params.stride_h << "x" << params.stride_w
      << " pad=" << core::compact(params.pad) << (params.ceil_mode ? " ceil" : "");
    if (params.mode == PoolMode::avg)
      o << (params.count_include_pad ? " count_include_pad" : " count_exclude_pad");
    else
      o << (params.ties == TiePolicy::first ? " ties=first" : " ties=all");
    return o.str();
  }
  void tuning_fields(core::KeyFields& f) const {
    f.add(x), f.add(y), f.add(params.pad), f.add(static_cast<std::int64_t>(params.mode));
    f.add(params.kernel_h), f.add(params.kernel_w), f.add(params.stride_h), f.add(params.stride_w);
    f.add(params.ceil_mode), f.add(params.count_include_pad), f.add(static_cast<std::int64_t>(params.ties));
  }
};

struct Pool2dFwdOp {
  static constexpr OpId id = OpId::pool2d_fwd;
  using Problem = Pool2dProblem;
  template <class T>
  using Fn = void(const Pool2dProblem&, const T* x, T* y, const core::Exec&);
};

struct Pool2dBwdOp {
  static constexpr OpId id = OpId::pool2d_bwd;
  using Problem = Pool2dProblem;
  // x is null for average pooling.
  template <class T>
  using Fn = void(const Pool2dProblem&, const T* x, const T* dy, T* dx, const core::Exec&);
};

// Max pooling that also writes, per output cell and channel, the winner's index h * x.w + w within
// its input plane (PyTorch's return_indices encoding): the first NaN of the window, else the first
// maximum in row-major window order. y is bitwise pool2d_fwd's.
struct Pool2dFwdIndicesOp {
  static constexpr OpId id = OpId::pool2d_fwd_indices;
  using Problem = Pool2dProblem;
  template <class T>
  using Fn = void(const Pool2dProblem&, const T* x, T* y, std::int32_t* indices, const core::Exec&);
};

// Max-pool backward from saved indices: dx = 0, then each dy cell added at its index in reference
// order (bitwise the x-based backward with ties = first). *bad receives the smallest flat position
// (in the indices tensor) of an index that is not a cell of its own window, or stays -1; such an
// index credits nothing and is never used as an address. Variants never throw.
struct Pool2dBwdIndicesOp {
  static constexpr OpId id = OpId::pool2d_bwd_indices;
  using Problem = Pool2dProblem;
  template <class T>
  using Fn = void(const Pool2dProblem&, const std::int32_t* indices, const T* dy, T* dx, std::int64_t* bad,
                  const core::Exec&);
};

}  // namespace cnnkit::ops

// The geometry of one pooling window, shared by every pool2d variant so that window bounds and
// the average divisor are defined once.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "ops/pool2d/pool2d_problem.hpp"

namespace cnnkit::ops {

struct PoolWindow {
  std::int64_t h_begin, h_end, w_begin, w_end;  // the real input cells: [h_begin, h_end) x [w_begin, w_end)
  std::int64_t divisor;                         // average pooling's divisor (count_include_pad applied)
};

// The window of output (oh, ow). Every window holds at least one real cell (pads < kernel, and
// ceil mode drops windows that would start in the trailing padding).
inline PoolWindow pool_window(const Pool2dProblem& p, std::int64_t oh, std::int64_t ow) {
  const Pool2dParams& q = p.params;
  const std::int64_t h0 = oh * q.stride_h - q.pad.top, w0 = ow * q.stride_w - q.pad.left;
  PoolWindow win;
  win.h_begin = std::max<std::int64_t>(h0, 0);
  win.h_end = std::min<std::int64_t>(h0 + q.kernel_h, p.x.h);
  win.w_begin = std::max<std::int64_t>(w0, 0);
  win.w_end = std::min<std::int64_t>(w0 + q.kernel_w, p.x.w);
  if (q.count_include_pad) {
    // Cells inside the padded input count; ceil-mode overhang beyond the padding does not (PyTorch).
    const std::int64_t h_end_padded = std::min<std::int64_t>(h0 + q.kernel_h, p.x.h + q.pad.bottom);
    const std::int64_t w_end_padded = std::min<std::int64_t>(w0 + q.kernel_w, p.x.w + q.pad.right);
    win.divisor = (h_end_padded - h0) * (w_end_padded - w0);
  } else {
    win.divisor = (win.h_end - win.h_begin) * (win.w_end - win.w_begin);
  }
  return win;
}

// Whether some input cell lies in two windows (backward must then accumulate). A single output
// row or column cannot overlap along that axis, whatever the stride (global pooling).
inline bool windows_overlap(const Pool2dProblem& p) {
  const Pool2dParams& q = p.params;
  return (p.y.h > 1 && q.stride_h < q.kernel_h) || (p.y.w > 1 && q.stride_w < q.kernel_w);
}

// The max-pool winner rule, one step: does `candidate` replace the current `best`?
// Larger wins; the first NaN wins and then nothing replaces it (NaN propagates, and with
// ties = first the gradient goes to that first NaN). Ties keep the earlier cell.
template <class T>
inline bool replaces_max(T candidate, T best) {
  return !std::isnan(best) && (candidate > best || std::isnan(candidate));
}

// One step of the average's sums (forward: a window's taps; backward: the contributions a dx cell
// receives), taken in the reference's order: the first NaN the running sum meets sticks, bits and
// all. It is an input's NaN (quieted) or the default NaN of +inf + -inf, whichever comes first.
// Written out because a + b with two NaNs returns one of them by operand position, and compilers
// may swap the operands of a commutative add (GCC does): the winner must not depend on that.
template <class T>
inline T nan_sticky_add(T sum, T term) {
  return std::isnan(sum) ? sum : sum + term;
}

// Whether a (positive) divisor is a power of two: then x * (1 / d) is bitwise x / d for every x.
template <class T>
inline bool is_power_of_two(T d) {
  int exponent;
  return std::frexp(d, &exponent) == T(0.5);
}

}  // namespace cnnkit::ops

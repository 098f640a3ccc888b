// The reference convolution: plain loop nests that read like the seeds, for every parameter
// (stride, four-sided padding, dilation, groups). The oracle every fast variant is tested against.
#pragma once

#include "ops/conv2d/conv2d_problem.hpp"
#include "ops/conv2d/conv2d_window.hpp"
#include "ops/nhwc_index.hpp"

namespace cnnkit::ops {

// One forward output y[n, oh, ow, o]: the reference's sum over the taps inside the input (padded
// taps are no term), in the reference's order, bias last. Shared by the reference and by the
// blocked variants' non-finite fix-up (both compiled with -ffp-contract=off), so they cannot drift.
template <class T>
T conv2d_fwd_reference_entry(const Conv2dProblem& p, const T* x, const T* w, const T* b, std::int64_t n,
                             std::int64_t oh, std::int64_t ow, std::int64_t o) {
  const std::int64_t cig = p.c_in_per_group(), g = o / p.c_out_per_group();
  T z = 0;
  for (std::int64_t i = 0; i < p.w.kh; ++i) {
    const std::int64_t ih = input_row(p, oh, i);
    if (ih < 0 || ih >= p.x.h) continue;
    for (std::int64_t j = 0; j < p.w.kw; ++j) {
      const std::int64_t iw = input_col(p, ow, j);
      if (iw < 0 || iw >= p.x.w) continue;
      for (std::int64_t c = 0; c < cig; ++c) z += x[offset(p.x, n, ih, iw, g * cig + c)] * w[offset(p.w, i, j, c, o)];
    }
  }
  return b ? z + b[o] : z;
}

// relu_forward's rule, as the reference relu writes it: v where v > 0 or NaN (payload kept), else
// +0 (so -0 -> +0). The forward variants' relu epilogue (Conv2dProblem::relu) is exactly this.
template <class T>
T conv2d_relu(T v) {
  return (v > 0 || v != v) ? v : T(0);
}

template <class T>
void conv2d_fwd_reference(const Conv2dProblem& p, const T* x, const T* w, const T* b, T* y, const core::Exec&);
template <class T>
void conv2d_bwd_data_reference(const Conv2dProblem& p, const T* dy, const T* w, T* dx, const core::Exec&);
template <class T>
void conv2d_bwd_weights_reference(const Conv2dProblem& p, const T* x, const T* dy, T* dw, const core::Exec&);
template <class T>
void conv2d_bwd_bias_reference(const Conv2dBiasProblem& p, const T* dy, T* db, const core::Exec&);
// The reference bias gradient's sum over pixels [begin, end) (flat n, h, w order): db[o] += dy.
// One compiled copy, shared with the fused bias gradient (conv2d_bwd_bias_fused.hpp): a NaN
// meeting a NaN keeps the payload of whichever operand the compiler put first, so the fused sum
// must be this very code to give the reference's bits.
template <class T>
void conv2d_bwd_bias_reference_add(std::int64_t channels, const T* dy, T* db, std::int64_t begin, std::int64_t end);

}  // namespace cnnkit::ops

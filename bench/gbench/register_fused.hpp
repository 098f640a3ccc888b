// Registers the fused-epilogue comparison: per conv layer of the selected shapes, dtype and
// thread count, the plain call (a Context that forces nothing) fused and unfused:
//   conv2d_fwd_bias_relu/plain.unfused    conv2d_forward (bias) then relu_forward on y, in place
//   conv2d_fwd_bias_relu/plain.fused      conv2d_forward (bias, Conv2dEpilogue::relu)
//   conv2d_bwd_weights_bias/plain.unfused conv2d_backward_weights then conv2d_backward_bias
//   conv2d_bwd_weights_bias/plain.fused   conv2d_backward_weights_bias
// named like the other cases (op/variant/shape/dtype/threads:N). Every layer gets a bias here,
// whatever its shape line says (the epilogue is bias + ReLU). GFLOP/s counts the convolution's
// work only (the anchors' convention), so the two rows' rates compare their times directly.
#pragma once

#include "gbench/gbench_flags.hpp"

namespace cnnkit::bench {

// Returns the number of cases registered.
int register_fused_cases(const GbenchFlags& flags);

}  // namespace cnnkit::bench

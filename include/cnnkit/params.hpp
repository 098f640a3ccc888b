// Parameter structs of the ops. Plain aggregates with the common defaults; every field is
// validated by the op that receives it (a C caller can put anything in an enum field).
#pragma once

#include <cstdint>

namespace cnnkit {

// Four-sided padding in elements. TensorFlow SAME padding is asymmetric (more at bottom/right);
// use same_padding() / valid_padding() from geometry.hpp to compute it.
struct Padding {
  std::int64_t top = 0, bottom = 0, left = 0, right = 0;
  static constexpr Padding symmetric(std::int64_t p) { return {p, p, p, p}; }
  friend bool operator==(const Padding&, const Padding&) = default;
};

struct Conv2dParams {
  std::int64_t stride_h = 1, stride_w = 1;
  Padding pad{};
  std::int64_t dilation_h = 1, dilation_w = 1;
  // Input channels [g*C/G, (g+1)*C/G) feed output channels [g*O/G, (g+1)*O/G).
  // groups == c_in == c_out is depthwise convolution.
  std::int64_t groups = 1;
};

// What conv2d_forward applies to each output as it stores it (opt-in, one pass over y).
// relu: y = max(y, 0) by relu_forward's rule, bit for bit: NaN kept (sign and payload), -0 -> +0.
enum class Conv2dEpilogue : int { none = 0, relu = 1 };

enum class PoolMode : int { max = 0, avg = 1 };

// Which cell of a max-pool window receives the gradient when several hold the maximum.
enum class TiePolicy : int {
  first = 0,  // the first maximal cell in row-major window order (PyTorch CPU); the default
  all = 1,    // every maximal cell gets the full gradient (the seeds' mask x == max(x))
};

struct Pool2dParams {
  PoolMode mode = PoolMode::max;
  std::int64_t kernel_h = 2, kernel_w = 2;
  std::int64_t stride_h = 2, stride_w = 2;
  Padding pad{};  // each side must be smaller than the kernel on its axis
  // Output size rounds up instead of down; a window that would start inside the trailing padding
  // is dropped (PyTorch's rule), so every window holds at least one real cell.
  bool ceil_mode = false;
  // Average pooling divisor: true = the window cells inside the padded input (PyTorch's default);
  // false = only the real cells (TensorFlow SAME, ONNX default). Ignored for max pooling.
  bool count_include_pad = false;
  TiePolicy ties = TiePolicy::first;  // max-pool backward only
};

enum class AdamStyle : int {
  // torch.optim.Adam: p -= lr/(1-b1^t) * m / (sqrt(v)/sqrt(1-b2^t) + eps)
  pytorch = 0,
  // TensorFlow 1 AdamOptimizer: lr_t = lr*sqrt(1-b2^t)/(1-b1^t); p -= lr_t * m / (sqrt(v) + eps)
  tensorflow1 = 1,
};

// Validation (both APIs): lr, eps, weight_decay finite and >= 0, betas in [0, 1), step >= 1. As
// every variant computes in the op's element type T, each must also be at most T's largest value
// (lr = 1e300 is valid for double, rejected for float), a non-zero eps must stay non-zero in T,
// and the coefficients derived from them must be representable in T: the bias-corrected step
// lr/(1-b1^t) (TF1: lr*sqrt(1-b2^t)/(1-b1^t)) and, for AdamW, 1 - lr*weight_decay. Any step >= 1
// is valid (the bias corrections 1 - beta^t lie in (0, 1]).
struct AdamParams {
  double lr = 1e-3;
  double beta1 = 0.9, beta2 = 0.999;
  double eps = 1e-8;
  std::int64_t step = 1;  // t, 1-based: the number of this update
  AdamStyle style = AdamStyle::pytorch;
  // PyTorch style only. L2 penalty added to the gradient (torch.optim.Adam weight_decay), or, with
  // decoupled_weight_decay, AdamW's p *= 1 - lr*weight_decay before the update.
  double weight_decay = 0.0;
  bool decoupled_weight_decay = false;
};

}  // namespace cnnkit

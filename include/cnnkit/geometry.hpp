// Output-size arithmetic and padding rules: the single place where geometry is defined.
// Every function throws cnnkit::Error (invalid_argument) on impossible geometry.
#pragma once

#include <cstdint>

#include "cnnkit/export.hpp"
#include "cnnkit/params.hpp"
#include "cnnkit/tensor.hpp"

namespace cnnkit {

// Convolution along one axis: floor((in + pad_before + pad_after - (dilation*(k-1)+1)) / stride) + 1.
// Fails when the padded input is smaller than the dilated kernel.
CNNKIT_API std::int64_t conv_output_size(std::int64_t in, std::int64_t kernel, std::int64_t stride,
                                         std::int64_t pad_before, std::int64_t pad_after,
                                         std::int64_t dilation = 1);

// Pooling along one axis, floor or ceil mode (a ceil-mode window starting in the trailing
// padding is dropped). Each pad must be smaller than the kernel, and every window's end in padded
// coordinates (start + kernel, the ceil-mode window's included) must fit in int64.
CNNKIT_API std::int64_t pool_output_size(std::int64_t in, std::int64_t kernel, std::int64_t stride,
                                         std::int64_t pad_before, std::int64_t pad_after,
                                         bool ceil_mode = false);

// TensorFlow 'SAME': out = ceil(in / stride), pad_total = max((out-1)*stride + (d*(k-1)+1) - in, 0),
// pad_before = pad_total / 2, pad_after = the rest. 64x64, k=4, s=1 gives top/left 1, bottom/right 2.
// Fails when the dilated kernel or the padded input in + pad_total does not fit in int64 (the
// message names kernel_* or in_*, whichever overflows).
CNNKIT_API Padding same_padding(std::int64_t in_h, std::int64_t in_w, std::int64_t kernel_h,
                                std::int64_t kernel_w, std::int64_t stride_h = 1,
                                std::int64_t stride_w = 1, std::int64_t dilation_h = 1,
                                std::int64_t dilation_w = 1);

// TensorFlow 'VALID': no padding.
constexpr Padding valid_padding() { return Padding{}; }

// Full output shapes, for allocating outputs. Pooling also requires kernel_h * kernel_w (a
// window's cell count, average pooling's divisor) to fit in int64.
CNNKIT_API NhwcShape conv2d_output_shape(NhwcShape x, HwioShape w, const Conv2dParams& params);
CNNKIT_API NhwcShape pool2d_output_shape(NhwcShape x, const Pool2dParams& params);
CNNKIT_API NhwcShape pad_output_shape(NhwcShape x, const Padding& pad);

}  // namespace cnnkit

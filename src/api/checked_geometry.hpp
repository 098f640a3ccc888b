// Geometry with validation, for the entry points and the public geometry functions. Messages
// name the calling function through the ArgCheck.
#pragma once

#include <cstdint>

#include "api/arg_check.hpp"
#include "cnnkit/params.hpp"
#include "cnnkit/tensor.hpp"

namespace cnnkit::api {

// One axis of a convolution; `axis` is "height" or "width" (for messages).
std::int64_t checked_conv_output_size(const ArgCheck& check, const char* axis, std::int64_t in,
                                      std::int64_t kernel, std::int64_t stride, std::int64_t pad_before,
                                      std::int64_t pad_after, std::int64_t dilation);

// stride_name: what the caller calls the stride (null: params.stride_h / params.stride_w).
std::int64_t checked_pool_output_size(const ArgCheck& check, const char* axis, std::int64_t in,
                                      std::int64_t kernel, std::int64_t stride, std::int64_t pad_before,
                                      std::int64_t pad_after, bool ceil_mode, const char* stride_name = nullptr);

// Validates params, groups and the x / w shapes against each other; returns y's shape.
// x_name / w_name: what the caller calls them (dx, dw in the backward passes), for messages.
NhwcShape checked_conv2d_output_shape(const ArgCheck& check, const NhwcShape& x, const HwioShape& w,
                                      const Conv2dParams& params, const char* x_name = "x",
                                      const char* w_name = "w");

// Validates params (mode, ties, kernel, stride, pads < kernel); returns y's shape.
NhwcShape checked_pool2d_output_shape(const ArgCheck& check, const NhwcShape& x, const Pool2dParams& params);

NhwcShape checked_pad_output_shape(const ArgCheck& check, const NhwcShape& x, const Padding& pad);

}  // namespace cnnkit::api

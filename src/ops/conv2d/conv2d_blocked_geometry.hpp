// What the blocked conv2d plans may assume about a problem's geometry, so that none of their
// products (band sizes, strides times pitches, tap extents) can overflow for any geometry that
// validation accepts (it accepts e.g. stride = INT64_MAX with one output, and pads of 2^40).
//
//   normalised_geometry  a stride is irrelevant when its axis has one output and a dilation when
//                        its kernel axis has one tap: both become 1. After that, every
//                        (out - 1) * stride + (k - 1) * dilation + 1 is at most the padded
//                        extent, which validation keeps representable.
//   blocked_geometry_decline  the blocked variants hold zero-padded bands as wide as the padded
//                        input; padding far beyond what the windows read (huge pads with huge
//                        strides) would make such a band mostly zeros, or unallocatable. Those
//                        problems are passed on (a forced blocked variant then reports that it
//                        cannot run); the simd and reference variants skip padding and run them.
#pragma once

#include "ops/conv2d/conv2d_problem.hpp"

namespace cnnkit::ops {

Conv2dProblem normalised_geometry(const Conv2dProblem& p);

// A pointwise convolution (1x1 kernel, stride 1, no padding) is a product per pixel, so its images
// may be refolded into any rows of the same pixel count. The blocked plans' tiles run along rows,
// and 7- or 14-pixel rows (ResNet's and MobileNet's last stages) left tiles of 12-14 pixels half
// idle: rows narrower than kPointwiseRow become rows of up to kPointwiseRow pixels (the largest
// divisor of the pixel count; mobilenet_v2's 7x7 576 -> 160 backward data 105 -> 46 us). Not
// longer: a row's dy is what the backward-data tiles keep in L1 for every channel block (rows of
// 1568 pixels ran resnet_1x1_56 4x slower). Other problems are returned as they are.
inline constexpr std::int64_t kPointwiseRow = 64;
Conv2dProblem pointwise_refolded(const Conv2dProblem& p);

// Why a blocked conv2d variant passes on this problem, or nullptr.
const char* blocked_geometry_decline(const Conv2dProblem& p);

}  // namespace cnnkit::ops

// XNNPACK's GEMM-based operators: convolution2d_nhwc_f32, deconvolution2d_nhwc_f32 and
// fully_connected_nc_f32, created the way TFLite's XNNPACK delegate creates them, with the
// weights packed once at creation (untimed). XNNPACK takes convolution weights as OHWI per group:
// they are repacked from cnnkit's HWIO first. Dense weights are cnnkit's (n_in, n_out) matrix,
// which XNNPACK reads with XNN_FLAG_TRANSPOSE_WEIGHTS. No clamping (output range -inf..inf).
//
// Convolution backward data is a transposed convolution (TFLite's TRANSPOSE_CONV, which XNNPACK
// runs as deconvolution2d): dy is its input, dx its output, the same weights with the roles of
// the channels swapped, and output pixel iy*stride + ky*dilation - pad_top, the tap the forward
// convolution read. The deconvolution's output size is stride*(Ho-1) + dilated kernel - padding
// + adjustment, so the adjustment is the forward pass's leftover rows: (H + pads - dk) mod stride.
#include <cmath>
#include <cstdint>
#include <vector>

#include "cnnkit/geometry.hpp"
#include "engines/xnnpack_support.hpp"

namespace cnnkit::bench::xnnpack {
namespace {

// [kh][kw][c_in_per_group][c_out] -> [c_out][kh][kw][c_in_per_group]; with groups, output channel
// o belongs to group o / (c_out / groups) in both layouts.
std::vector<float> hwio_to_ohwi(const float* hwio, const HwioShape& w) {
  std::vector<float> ohwi(static_cast<std::size_t>(w.kh * w.kw * w.c_in_per_group * w.c_out));
  for (std::int64_t h = 0; h < w.kh; ++h)
    for (std::int64_t x = 0; x < w.kw; ++x)
      for (std::int64_t i = 0; i < w.c_in_per_group; ++i)
        for (std::int64_t o = 0; o < w.c_out; ++o)
          ohwi[static_cast<std::size_t>(((o * w.kh + h) * w.kw + x) * w.c_in_per_group + i)] =
              hwio[((h * w.kw + x) * w.c_in_per_group + i) * w.c_out + o];
  return ohwi;
}

// [kh][kw][c_in_per_group][c_out] -> [group][c_in_per_group][kh][kw][c_out / groups]: XNNPACK's
// deconvolution kernel, whose output channels are the convolution's inputs and vice versa.
std::vector<float> hwio_to_deconv_goki(const float* hwio, const HwioShape& w, std::int64_t groups) {
  const std::int64_t out_pg = w.c_out / groups;
  std::vector<float> goki(static_cast<std::size_t>(w.kh * w.kw * w.c_in_per_group * w.c_out));
  for (std::int64_t g = 0; g < groups; ++g)
    for (std::int64_t i = 0; i < w.c_in_per_group; ++i)
      for (std::int64_t h = 0; h < w.kh; ++h)
        for (std::int64_t x = 0; x < w.kw; ++x)
          for (std::int64_t o = 0; o < out_pg; ++o)
            goki[static_cast<std::size_t>((((g * w.c_in_per_group + i) * w.kh + h) * w.kw + x) * out_pg + o)] =
                hwio[((h * w.kw + x) * w.c_in_per_group + i) * w.c_out + g * out_pg + o];
  return goki;
}

std::uint32_t u32(std::int64_t v) { return static_cast<std::uint32_t>(v); }

// The rows (or columns) the forward convolution's last window leaves over: the deconvolution's
// adjustment that brings its output back to the input's size.
std::uint32_t adjustment(std::int64_t in, std::int64_t lead, std::int64_t trail, std::int64_t kernel,
                         std::int64_t dilation, std::int64_t stride) {
  return u32((in + lead + trail - ((kernel - 1) * dilation + 1)) % stride);
}

}  // namespace

Setup convolution(const ConvLayer& l, const OpCase& c, pthreadpool_t pool) {
  const Conv2dParams& p = l.params;
  const std::vector<float> ohwi = hwio_to_ohwi(input_f32(c, Role::w), l.w);
  const std::int64_t group_out = l.w.c_out / p.groups;
  xnn_operator_t op = nullptr;
  check(xnn_create_convolution2d_nhwc_f32(u32(p.pad.top), u32(p.pad.right), u32(p.pad.bottom), u32(p.pad.left),
                                          u32(l.w.kh), u32(l.w.kw), u32(p.stride_h), u32(p.stride_w),
                                          u32(p.dilation_h), u32(p.dilation_w), u32(p.groups),
                                          static_cast<std::size_t>(l.w.c_in_per_group),
                                          static_cast<std::size_t>(group_out), static_cast<std::size_t>(l.x.c),
                                          static_cast<std::size_t>(l.w.c_out), ohwi.data(),
                                          l.bias ? input_f32(c, Role::bias) : nullptr, -INFINITY, INFINITY, 0, &op),
        "convolution2d_nhwc_f32 create");
  Operator owned(op);
  check(xnn_setup_convolution2d_nhwc_f32(op, static_cast<std::size_t>(l.x.n), static_cast<std::size_t>(l.x.h),
                                         static_cast<std::size_t>(l.x.w), input_f32(c, Role::x),
                                         output_f32(c, Role::y), pool),
        "convolution2d_nhwc_f32 setup");
  return {std::move(owned), "convolution2d_nhwc_f32, weights packed at creation"};
}

Setup transposed_convolution(const ConvLayer& l, const OpCase& c, pthreadpool_t pool) {
  const Conv2dParams& p = l.params;
  const NhwcShape y = conv2d_output_shape(l.x, l.w, p);
  const std::vector<float> goki = hwio_to_deconv_goki(input_f32(c, Role::w), l.w, p.groups);
  xnn_operator_t op = nullptr;
  check(xnn_create_deconvolution2d_nhwc_f32(u32(p.pad.top), u32(p.pad.right), u32(p.pad.bottom), u32(p.pad.left),
                                            u32(l.w.kh), u32(l.w.kw), u32(p.stride_h), u32(p.stride_w),
                                            u32(p.dilation_h), u32(p.dilation_w), u32(p.groups),
                                            static_cast<std::size_t>(l.w.c_out / p.groups),
                                            static_cast<std::size_t>(l.w.c_in_per_group),
                                            static_cast<std::size_t>(l.w.c_out), static_cast<std::size_t>(l.x.c),
                                            goki.data(), nullptr, -INFINITY, INFINITY, 0, &op),
        "deconvolution2d_nhwc_f32 create");
  Operator owned(op);
  check(xnn_setup_deconvolution2d_nhwc_f32(
            op, static_cast<std::size_t>(y.n), static_cast<std::size_t>(y.h), static_cast<std::size_t>(y.w),
            adjustment(l.x.h, p.pad.top, p.pad.bottom, l.w.kh, p.dilation_h, p.stride_h),
            adjustment(l.x.w, p.pad.left, p.pad.right, l.w.kw, p.dilation_w, p.stride_w), input_f32(c, Role::dy),
            output_f32(c, Role::dx), pool),
        "deconvolution2d_nhwc_f32 setup");
  return {std::move(owned), "deconvolution2d_nhwc_f32 (transposed conv), weights packed at creation"};
}

Setup fully_connected(const DenseLayer& l, const OpCase& c, pthreadpool_t pool) {
  xnn_operator_t op = nullptr;
  check(xnn_create_fully_connected_nc_f32(static_cast<std::size_t>(l.n_in), static_cast<std::size_t>(l.n_out),
                                          static_cast<std::size_t>(l.n_in), static_cast<std::size_t>(l.n_out),
                                          input_f32(c, Role::w), l.bias ? input_f32(c, Role::bias) : nullptr,
                                          -INFINITY, INFINITY, XNN_FLAG_TRANSPOSE_WEIGHTS, &op),
        "fully_connected_nc_f32 create");
  Operator owned(op);
  check(xnn_setup_fully_connected_nc_f32(op, static_cast<std::size_t>(l.m), input_f32(c, Role::x),
                                         output_f32(c, Role::y), pool),
        "fully_connected_nc_f32 setup");
  return {std::move(owned), "fully_connected_nc_f32, weights packed at creation"};
}

}  // namespace cnnkit::bench::xnnpack

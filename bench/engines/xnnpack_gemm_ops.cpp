// XNNPACK's GEMM-based operators: convolution2d_nhwc_f32 and fully_connected_nc_f32, created the
// way TFLite's XNNPACK delegate creates them, with the weights packed once at creation (untimed).
// XNNPACK takes convolution weights as OHWI: they are repacked from cnnkit's HWIO first. Dense
// weights are cnnkit's (n_in, n_out) matrix, which XNNPACK reads with XNN_FLAG_TRANSPOSE_WEIGHTS.
// No clamping (output range -inf..inf).
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

std::uint32_t u32(std::int64_t v) { return static_cast<std::uint32_t>(v); }

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

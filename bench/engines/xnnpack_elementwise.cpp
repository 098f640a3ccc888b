// XNNPACK's ReLU (clamp_nc_f32 to [0, +inf), in place when the case is) and constant padding
// (constant_pad_nd_x32 on the NHWC tensor, padding H and W only).
#include <array>
#include <cmath>
#include <cstring>

#include "cnnkit/geometry.hpp"
#include "engines/xnnpack_support.hpp"

namespace cnnkit::bench::xnnpack {

// One row of `count` channels: XNNPACK treats a contiguous batch as one flat vector either way.
Setup relu(const EltwiseLayer& l, const OpCase& c, pthreadpool_t pool) {
  const auto n = static_cast<std::size_t>(l.count);
  xnn_operator_t op = nullptr;
  check(xnn_create_clamp_nc_f32(n, n, n, 0.0f, INFINITY, 0, &op), "clamp_nc_f32 create");
  Operator owned(op);
  check(xnn_setup_clamp_nc_f32(op, 1, input_f32(c, Role::x), output_f32(c, Role::y), pool), "clamp_nc_f32 setup");
  return {std::move(owned), "clamp_nc_f32 [0, +inf)"};
}

Setup constant_pad(const PadLayer& l, const OpCase& c, pthreadpool_t pool) {
  // The padding value as the 32-bit pattern XNNPACK's x32 operator copies.
  const float value = static_cast<float>(l.value);
  std::uint32_t bits = 0;
  std::memcpy(&bits, &value, sizeof bits);
  xnn_operator_t op = nullptr;
  check(xnn_create_constant_pad_nd_x32(&bits, 0, &op), "constant_pad_nd_x32 create");
  Operator owned(op);
  const std::array<std::size_t, 4> shape{static_cast<std::size_t>(l.x.n), static_cast<std::size_t>(l.x.h),
                                         static_cast<std::size_t>(l.x.w), static_cast<std::size_t>(l.x.c)};
  const std::array<std::size_t, 4> before{0, static_cast<std::size_t>(l.pad.top), static_cast<std::size_t>(l.pad.left),
                                          0};
  const std::array<std::size_t, 4> after{0, static_cast<std::size_t>(l.pad.bottom),
                                         static_cast<std::size_t>(l.pad.right), 0};
  check(xnn_setup_constant_pad_nd_x32(op, shape.size(), shape.data(), before.data(), after.data(),
                                      input_f32(c, Role::x), output_f32(c, Role::y), pool),
        "constant_pad_nd_x32 setup");
  return {std::move(owned), "constant_pad_nd_x32"};
}

}  // namespace cnnkit::bench::xnnpack

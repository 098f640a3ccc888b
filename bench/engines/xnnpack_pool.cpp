// XNNPACK max and average pooling forward (max_pooling2d_nhwc_f32, average_pooling2d_nhwc_f32).
// XNNPACK computes output sizes with floor, ignores padded cells in max windows and averages over
// the real cells only (TensorFlow's rule): ceil mode becomes extra bottom/right padding (which
// those rules ignore, as cnnkit's PyTorch ceil rule does), and count_include_pad with padding,
// which XNNPACK cannot express, is declined.
#include <algorithm>
#include <cmath>
#include <cstdint>

#include "cnnkit/geometry.hpp"
#include "engines/xnnpack_support.hpp"

namespace cnnkit::bench::xnnpack {
namespace {

std::uint32_t trailing_pad(std::int64_t in, std::int64_t out, std::int64_t kernel, std::int64_t stride,
                           std::int64_t lead, std::int64_t trail) {
  return static_cast<std::uint32_t>(std::max(trail, (out - 1) * stride + kernel - in - lead));
}

}  // namespace

Setup pooling(const PoolLayer& l, const OpCase& c, pthreadpool_t pool) {
  const Pool2dParams& p = l.params;
  const NhwcShape y = pool2d_output_shape(l.x, p);
  const auto top = static_cast<std::uint32_t>(p.pad.top), left = static_cast<std::uint32_t>(p.pad.left);
  const std::uint32_t bottom = trailing_pad(l.x.h, y.h, p.kernel_h, p.stride_h, p.pad.top, p.pad.bottom);
  const std::uint32_t right = trailing_pad(l.x.w, y.w, p.kernel_w, p.stride_w, p.pad.left, p.pad.right);
  const auto kh = static_cast<std::uint32_t>(p.kernel_h), kw = static_cast<std::uint32_t>(p.kernel_w);
  const auto sh = static_cast<std::uint32_t>(p.stride_h), sw = static_cast<std::uint32_t>(p.stride_w);
  const auto channels = static_cast<std::size_t>(l.x.c);
  const bool padded = top + bottom + left + right > 0;
  xnn_operator_t op = nullptr;
  const char* name;
  if (p.mode == PoolMode::max) {
    name = "max_pooling2d_nhwc_f32";
    check(xnn_create_max_pooling2d_nhwc_f32(top, right, bottom, left, kh, kw, sh, sw, 1, 1, channels, channels,
                                            channels, -INFINITY, INFINITY, 0, &op),
          "max_pooling2d_nhwc_f32 create");
  } else {
    if (p.count_include_pad && padded)
      throw EngineDeclines("count_include_pad with padding: XNNPACK averages over the real cells only");
    name = "average_pooling2d_nhwc_f32";
    check(xnn_create_average_pooling2d_nhwc_f32(top, right, bottom, left, kh, kw, sh, sw, channels, channels, channels,
                                                -INFINITY, INFINITY, 0, &op),
          "average_pooling2d_nhwc_f32 create");
  }
  Operator owned(op);
  const auto n = static_cast<std::size_t>(l.x.n), h = static_cast<std::size_t>(l.x.h),
             w = static_cast<std::size_t>(l.x.w);
  const xnn_status s =
      p.mode == PoolMode::max
          ? xnn_setup_max_pooling2d_nhwc_f32(op, n, h, w, input_f32(c, Role::x), output_f32(c, Role::y), pool)
          : xnn_setup_average_pooling2d_nhwc_f32(op, n, h, w, input_f32(c, Role::x), output_f32(c, Role::y), pool);
  check(s, p.mode == PoolMode::max ? "max_pooling2d_nhwc_f32 setup" : "average_pooling2d_nhwc_f32 setup");
  return {std::move(owned), name};
}

}  // namespace cnnkit::bench::xnnpack

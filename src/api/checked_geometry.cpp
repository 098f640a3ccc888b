#include "api/checked_geometry.hpp"

#include <algorithm>
#include <string>
#include <utility>

#include "cnnkit/geometry.hpp"
#include "core/text.hpp"

namespace cnnkit::api {
namespace {

std::string num(std::int64_t v) { return std::to_string(v); }

// in + before + after, rejecting negative pads and overflow.
std::int64_t padded_extent(const ArgCheck& check, const char* axis, std::int64_t in, std::int64_t before,
                           std::int64_t after, const char* before_name, const char* after_name) {
  check.non_negative(before, before_name);
  check.non_negative(after, after_name);
  std::int64_t padded = 0;
  if (__builtin_add_overflow(in, before, &padded) || __builtin_add_overflow(padded, after, &padded))
    check.fail(std::string("the padded input ") + axis + " (" + num(in) + " + " + before_name + " " + num(before) +
               " + " + after_name + " " + num(after) + ") overflows int64: expected a representable padded size");
  return padded;
}

}  // namespace

std::int64_t checked_conv_output_size(const ArgCheck& check, const char* axis, std::int64_t in,
                                      std::int64_t kernel, std::int64_t stride, std::int64_t pad_before,
                                      std::int64_t pad_after, std::int64_t dilation) {
  const bool h = axis[0] == 'h';
  check.positive(in, h ? "x.h" : "x.w");
  check.positive(kernel, h ? "w.kh" : "w.kw");
  check.positive(stride, h ? "params.stride_h" : "params.stride_w");
  check.positive(dilation, h ? "params.dilation_h" : "params.dilation_w");
  const std::int64_t padded = padded_extent(check, axis, in, pad_before, pad_after,
                                            h ? "params.pad.top" : "params.pad.left",
                                            h ? "params.pad.bottom" : "params.pad.right");
  std::int64_t span = 0;  // dilation*(kernel-1)+1
  if (__builtin_mul_overflow(dilation, kernel - 1, &span) || __builtin_add_overflow(span, 1, &span))
    check.fail(h ? "params.dilation_h" : "params.dilation_w",
               "a dilation whose dilated kernel dilation*(kernel-1)+1 fits in int64",
               num(dilation) + " with kernel " + num(kernel));
  if (padded < span)
    check.fail(std::string("the padded input ") + axis + " " + num(padded) + " (" + num(in) + " + " +
               num(pad_before) + " + " + num(pad_after) + ") is smaller than the dilated kernel " + axis +
               " " + num(span) + " (kernel " + num(kernel) + ", dilation " + num(dilation) +
               "): expected padded input >= dilation*(kernel-1)+1");
  return (padded - span) / stride + 1;
}

std::int64_t checked_pool_output_size(const ArgCheck& check, const char* axis, std::int64_t in,
                                      std::int64_t kernel, std::int64_t stride, std::int64_t pad_before,
                                      std::int64_t pad_after, bool ceil_mode, const char* stride_name) {
  const bool h = axis[0] == 'h';
  if (!stride_name) stride_name = h ? "params.stride_h" : "params.stride_w";
  check.positive(in, h ? "x.h" : "x.w");
  check.positive(kernel, h ? "params.kernel_h" : "params.kernel_w");
  check.positive(stride, stride_name);
  const char* before_name = h ? "params.pad.top" : "params.pad.left";
  const char* after_name = h ? "params.pad.bottom" : "params.pad.right";
  const std::int64_t padded = padded_extent(check, axis, in, pad_before, pad_after, before_name, after_name);
  if (pad_before >= kernel)
    check.fail(before_name, "a pad smaller than the kernel " + std::string(axis) + " " + num(kernel), num(pad_before));
  if (pad_after >= kernel)
    check.fail(after_name, "a pad smaller than the kernel " + std::string(axis) + " " + num(kernel), num(pad_after));
  if (padded < kernel)
    check.fail(std::string("the padded input ") + axis + " " + num(padded) + " (" + num(in) + " + " +
               num(pad_before) + " + " + num(pad_after) + ") is smaller than the kernel " + axis + " " +
               num(kernel) + ": expected padded input >= kernel");
  // Written so that no intermediate overflows, whatever the stride: a ceil-mode window starts at
  // out*stride, which may not be representable (then it is certainly past the input).
  const std::int64_t span = padded - kernel;
  std::int64_t out = span / stride + 1;
  if (ceil_mode && span % stride != 0) {
    // PyTorch's rule: the extra ceil-mode window must start inside the input or the leading padding.
    std::int64_t start = 0;
    if (!__builtin_mul_overflow(out, stride, &start) && start < in + pad_before) ++out;
  }
  // Every window's cells [start, start + kernel) in padded coordinates must be representable, so
  // that no variant's window bounds overflow. The last window starts at (out-1)*stride, which is
  // <= span or the ceil-mode start just computed (neither overflowed); only its end can.
  std::int64_t last_end = 0;
  if (__builtin_add_overflow((out - 1) * stride, kernel, &last_end))
    check.fail(stride_name,
               std::string("a stride whose last window (ceil mode) ends within int64: start (") + num(out - 1) +
                   " * stride) + kernel " + axis + " " + num(kernel) + " overflows",
               num(stride));
  return out;
}

NhwcShape checked_conv2d_output_shape(const ArgCheck& check, const NhwcShape& x, const HwioShape& w,
                                      const Conv2dParams& p, const char* x_name, const char* w_name) {
  check.positive(p.groups, "params.groups");
  if (x.c % p.groups != 0)
    check.fail(x_name, "a channel count divisible by groups = " + num(p.groups), num(x.c) + " channels");
  if (w.c_out % p.groups != 0)
    check.fail(w_name, "c_out divisible by groups = " + num(p.groups), "c_out = " + num(w.c_out));
  if (w.c_in_per_group != x.c / p.groups)
    check.fail(w_name, "c_in/groups = " + num(x.c / p.groups) + " (" + x_name + " has " + num(x.c) +
                           " channels, groups = " + num(p.groups) + ") in shape (kh, kw, c_in/groups, c_out)",
               core::str(w));
  const std::int64_t oh =
      checked_conv_output_size(check, "height", x.h, w.kh, p.stride_h, p.pad.top, p.pad.bottom, p.dilation_h);
  const std::int64_t ow =
      checked_conv_output_size(check, "width", x.w, w.kw, p.stride_w, p.pad.left, p.pad.right, p.dilation_w);
  return {x.n, oh, ow, w.c_out};
}

NhwcShape checked_pool2d_output_shape(const ArgCheck& check, const NhwcShape& x, const Pool2dParams& p) {
  check.enum_value(static_cast<int>(p.mode), 2, "params.mode", "max (0), avg (1)");
  check.enum_value(static_cast<int>(p.ties), 2, "params.ties", "first (0), all (1)");
  const std::int64_t oh =
      checked_pool_output_size(check, "height", x.h, p.kernel_h, p.stride_h, p.pad.top, p.pad.bottom, p.ceil_mode);
  const std::int64_t ow =
      checked_pool_output_size(check, "width", x.w, p.kernel_w, p.stride_w, p.pad.left, p.pad.right, p.ceil_mode);
  // Average pooling divides by a window's cell count (with count_include_pad, padding cells too),
  // computed in int64 by every variant: the window's kernel_h * kernel_w cells must fit.
  std::int64_t cells = 0;
  if (__builtin_mul_overflow(p.kernel_h, p.kernel_w, &cells))
    check.fail("params.kernel_h, params.kernel_w", "a window whose kernel_h * kernel_w cells fit in int64",
               num(p.kernel_h) + " x " + num(p.kernel_w));
  return {x.n, oh, ow, x.c};
}

NhwcShape checked_pad_output_shape(const ArgCheck& check, const NhwcShape& x, const Padding& pad) {
  const std::int64_t h = padded_extent(check, "height", x.h, pad.top, pad.bottom, "pad.top", "pad.bottom");
  const std::int64_t w = padded_extent(check, "width", x.w, pad.left, pad.right, "pad.left", "pad.right");
  return {x.n, h, w, x.c};
}

}  // namespace cnnkit::api

// ---- the public geometry functions (cnnkit/geometry.hpp) -------------------------------------------
namespace cnnkit {

// The 1-D functions check their own arguments first, so messages use these functions' parameter
// names rather than the 2-D ones (x.h, w.kh, params.*) of the shared checks.
namespace {
void check_axis_arguments(const api::ArgCheck& check, std::int64_t in, std::int64_t kernel, std::int64_t stride,
                          std::int64_t pad_before, std::int64_t pad_after) {
  check.positive(in, "in");
  check.positive(kernel, "kernel");
  check.positive(stride, "stride");
  check.non_negative(pad_before, "pad_before");
  check.non_negative(pad_after, "pad_after");
}
}  // namespace

std::int64_t conv_output_size(std::int64_t in, std::int64_t kernel, std::int64_t stride, std::int64_t pad_before,
                              std::int64_t pad_after, std::int64_t dilation) {
  const api::ArgCheck check("cnnkit::conv_output_size");
  check_axis_arguments(check, in, kernel, stride, pad_before, pad_after);
  check.positive(dilation, "dilation");
  return api::checked_conv_output_size(check, "height", in, kernel, stride, pad_before, pad_after, dilation);
}

std::int64_t pool_output_size(std::int64_t in, std::int64_t kernel, std::int64_t stride, std::int64_t pad_before,
                              std::int64_t pad_after, bool ceil_mode) {
  const api::ArgCheck check("cnnkit::pool_output_size");
  check_axis_arguments(check, in, kernel, stride, pad_before, pad_after);
  const std::string smaller = "a pad smaller than the kernel " + api::num(kernel);
  if (pad_before >= kernel) check.fail("pad_before", smaller, api::num(pad_before));
  if (pad_after >= kernel) check.fail("pad_after", smaller, api::num(pad_after));
  return api::checked_pool_output_size(check, "height", in, kernel, stride, pad_before, pad_after, ceil_mode, "stride");
}

Padding same_padding(std::int64_t in_h, std::int64_t in_w, std::int64_t kernel_h, std::int64_t kernel_w,
                     std::int64_t stride_h, std::int64_t stride_w, std::int64_t dilation_h, std::int64_t dilation_w) {
  const api::ArgCheck check("cnnkit::same_padding");
  const auto axis = [&](std::int64_t in, std::int64_t k, std::int64_t s, std::int64_t d, const char* name) {
    check.positive(in, (std::string("in_") + name).c_str());
    check.positive(k, (std::string("kernel_") + name).c_str());
    check.positive(s, (std::string("stride_") + name).c_str());
    check.positive(d, (std::string("dilation_") + name).c_str());
    std::int64_t span = 0;  // the dilated kernel d*(k-1)+1
    if (__builtin_mul_overflow(d, k - 1, &span) || __builtin_add_overflow(span, 1, &span))
      check.fail(std::string("kernel_") + name,
                 std::string("a dilated kernel dilation_") + name + "*(kernel_" + name + "-1)+1 that fits in int64",
                 "kernel " + api::num(k) + ", dilation " + api::num(d));
    // TF: out = ceil(in/s), total = max((out-1)*s + span - in, 0). With r = in - (out-1)*s, the
    // input left for the last window (1 <= r <= s), total = max(span - r, 0): no intermediate
    // can overflow, whatever in, s and span are.
    const std::int64_t out = in / s + (in % s != 0);
    const std::int64_t r = in - (out - 1) * s;
    const std::int64_t total = span > r ? span - r : 0;
    // The padding is only usable if the padded input in + total is representable (the conv
    // entry points reject it otherwise), and that sum is the one that can overflow here.
    std::int64_t padded = 0;
    if (__builtin_add_overflow(in, total, &padded))
      check.fail(std::string("in_") + name,
                 std::string("an input whose SAME-padded size in_") + name + " + total padding fits in int64",
                 "in_" + std::string(name) + " " + api::num(in) + " with total padding " + api::num(total) +
                     " (kernel " + api::num(k) + ", dilation " + api::num(d) + ", stride " + api::num(s) + ")");
    return std::pair<std::int64_t, std::int64_t>{total / 2, total - total / 2};
  };
  const auto [top, bottom] = axis(in_h, kernel_h, stride_h, dilation_h, "h");
  const auto [left, right] = axis(in_w, kernel_w, stride_w, dilation_w, "w");
  return {top, bottom, left, right};
}

NhwcShape conv2d_output_shape(NhwcShape x, HwioShape w, const Conv2dParams& params) {
  const api::ArgCheck check("cnnkit::conv2d_output_shape");
  check.elements(x, "x", 1);
  check.elements(w, "w", 1);
  return api::checked_conv2d_output_shape(check, x, w, params);
}

NhwcShape pool2d_output_shape(NhwcShape x, const Pool2dParams& params) {
  const api::ArgCheck check("cnnkit::pool2d_output_shape");
  check.elements(x, "x", 1);
  return api::checked_pool2d_output_shape(check, x, params);
}

NhwcShape pad_output_shape(NhwcShape x, const Padding& pad) {
  const api::ArgCheck check("cnnkit::pad_output_shape");
  check.elements(x, "x", 1);
  return api::checked_pad_output_shape(check, x, pad);
}

}  // namespace cnnkit

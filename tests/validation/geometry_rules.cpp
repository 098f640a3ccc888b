// Validation rules of the geometry functions: same_padding, conv2d/pool2d output shapes (C++ and
// C), and the C++-only 1-D sizes and pad_output_shape.
#include <limits>

#include "validation/validation_rule.hpp"

namespace cnnkit::test::validation {
namespace {

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();

struct SamePaddingCall {
  using Real = void;
  std::int64_t in_h = 64, in_w = 64, kernel_h = 4, kernel_w = 4, stride_h = 1, stride_w = 1, dilation_h = 1,
               dilation_w = 1;
  cnnkit_padding* pad;

  static SamePaddingCall baseline(Arena& a) {
    SamePaddingCall c;
    c.pad = a.object(cnnkit_padding{-9, -9, -9, -9});
    return c;
  }
  void cpp() const { same_padding(in_h, in_w, kernel_h, kernel_w, stride_h, stride_w, dilation_h, dilation_w); }
  cnnkit_status c() const {
    return cnnkit_same_padding(in_h, in_w, kernel_h, kernel_w, stride_h, stride_w, dilation_h, dilation_w, pad);
  }
};

Conv2dParams grouped_same() {
  Conv2dParams p;
  p.pad = Padding::symmetric(1);
  p.groups = 2;
  return p;
}

struct ConvShapeCall {
  using Real = void;
  NhwcShape x{1, 4, 4, 2};
  HwioShape w{3, 3, 1, 4};
  Conv2dParams p = grouped_same();
  cnnkit_nhwc* y;

  static ConvShapeCall baseline(Arena& a) {
    ConvShapeCall c;
    c.y = a.object(cnnkit_nhwc{-9, -9, -9, -9});
    return c;
  }
  void cpp() const { conv2d_output_shape(x, w, p); }
  cnnkit_status c() const {
    const cnnkit_conv2d_params cp = to_c(p);
    return cnnkit_conv2d_output_shape(to_c(x), to_c(w), &cp, y);
  }
};

struct PoolShapeCall {
  using Real = void;
  NhwcShape x{1, 5, 5, 2};
  Pool2dParams p;
  bool c_params_null = false;
  int c_ceil_mode = -1;  // >= 0: the raw int the C struct carries instead
  cnnkit_nhwc* y;

  static PoolShapeCall baseline(Arena& a) {
    PoolShapeCall c;
    c.p.kernel_h = c.p.kernel_w = 3;
    c.p.pad = Padding::symmetric(1);
    c.y = a.object(cnnkit_nhwc{-9, -9, -9, -9});
    return c;
  }
  void cpp() const { pool2d_output_shape(x, p); }
  cnnkit_status c() const {
    cnnkit_pool2d_params cp = to_c(p);
    if (c_ceil_mode >= 0) cp.ceil_mode = c_ceil_mode;
    return cnnkit_pool2d_output_shape(to_c(x), c_params_null ? nullptr : &cp, y);
  }
};

struct ConvSizeCall {  // C++ only
  using Real = void;
  std::int64_t in = 5, kernel = 3, stride = 1, pad_before = 0, pad_after = 0, dilation = 1;
  static ConvSizeCall baseline(Arena&) { return {}; }
  void cpp() const { conv_output_size(in, kernel, stride, pad_before, pad_after, dilation); }
};

struct PoolSizeCall {  // C++ only
  using Real = void;
  std::int64_t in = 5, kernel = 3, stride = 2, pad_before = 1, pad_after = 1;
  bool ceil_mode = false;
  static PoolSizeCall baseline(Arena&) { return {}; }
  void cpp() const { pool_output_size(in, kernel, stride, pad_before, pad_after, ceil_mode); }
};

struct PadShapeCall {  // C++ only
  using Real = void;
  NhwcShape x{1, 2, 3, 2};
  Padding pad{1, 1, 0, 1};
  static PadShapeCall baseline(Arena&) { return {}; }
  void cpp() const { pad_output_shape(x, pad); }
};

void add_same_padding(std::vector<Rule>& out) {
  using C = SamePaddingCall;
  RuleBuilder<C>(out, "same_padding")
      .fails("in_h_zero", positive("in_h"), [](C& c, Arena&) { c.in_h = 0; })
      .fails("in_w_negative", positive("in_w"), [](C& c, Arena&) { c.in_w = -1; })
      .fails("kernel_h_zero", positive("kernel_h"), [](C& c, Arena&) { c.kernel_h = 0; })
      .fails("kernel_w_negative", positive("kernel_w"), [](C& c, Arena&) { c.kernel_w = -4; })
      .fails("stride_h_zero", positive("stride_h"), [](C& c, Arena&) { c.stride_h = 0; })
      .fails("stride_w_negative", positive("stride_w"), [](C& c, Arena&) { c.stride_w = -1; })
      .fails("dilation_h_zero", positive("dilation_h"), [](C& c, Arena&) { c.dilation_h = 0; })
      .fails("dilation_w_zero", positive("dilation_w"), [](C& c, Arena&) { c.dilation_w = 0; })
      .fails("dilated_kernel_overflows", {"'kernel_h'", "fits in int64"}, [](C& c, Arena&) { c.dilation_h = kMax / 2; })
      // The dilated kernel fits; the padded input in_w + total padding is what overflows.
      .fails("padded_input_overflows", {"'in_w'", "SAME-padded size in_w + total padding fits in int64"},
             [](C& c, Arena&) {
               c.in_w = kMax;
               c.kernel_w = 2;
               c.dilation_w = kMax - 1;
             })
      // The fuzzer's case: same_padding(INT64_MAX, 2) blamed the kernel for in_h + kernel.
      .fails("in_h_int64_max_kernel_2",
             {"'in_h'", "SAME-padded size in_h + total padding fits in int64",
              "in_h 9223372036854775807 with total padding 1"},
             [](C& c, Arena&) {
               c.in_h = kMax;
               c.kernel_h = 2;
             })
      .succeeds("in_h_int64_max_kernel_1",
                [](C& c, Arena&) {
                  c.in_h = kMax;
                  c.kernel_h = 1;
                })
      .succeeds("in_h_int64_max_stride_int64_max",
                [](C& c, Arena&) {
                  c.in_h = c.stride_h = kMax;
                  c.kernel_h = 1;
                })
      .fails(
          "pad_null", null_pointer("pad"), [](C& c, Arena&) { c.pad = nullptr; }, Api::c_only);
}

void add_conv_shape(std::vector<Rule>& out) {
  using C = ConvShapeCall;
  RuleBuilder<C>(out, "conv2d_output_shape")
      .fails("x_h_zero", nhwc_dims("x"), [](C& c, Arena&) { c.x.h = 0; })
      .fails("x_count_overflows_int64", too_many_elements("x"),
             [](C& c, Arena&) {
               c.x = {kHuge, 4, 4, 2};
             })
      .fails("w_c_out_zero", hwio_dims("w"), [](C& c, Arena&) { c.w.c_out = 0; })
      .fails("groups_zero", positive("params.groups"), [](C& c, Arena&) { c.p.groups = 0; })
      .fails("channels_not_divisible_by_groups", {"'x'", "divisible by groups = 3"},
             [](C& c, Arena&) { c.p.groups = 3; })
      .fails("c_out_not_divisible_by_groups", {"'w'", "c_out divisible by groups = 2"},
             [](C& c, Arena&) { c.w.c_out = 3; })
      .fails("c_in_per_group_mismatch", {"'w'", "c_in/groups = 1"}, [](C& c, Arena&) { c.w.c_in_per_group = 2; })
      .fails("stride_w_zero", positive("params.stride_w"), [](C& c, Arena&) { c.p.stride_w = 0; })
      .fails("pad_left_negative", non_negative("params.pad.left"), [](C& c, Arena&) { c.p.pad.left = -1; })
      .fails("seed_bug_conv_kernel_larger_than_input",
             {"the padded input height 3 (3 + 0 + 0)", "smaller than the dilated kernel height 5"},
             [](C& c, Arena&) {
               c.x = {1, 3, 3, 1};
               c.w = {5, 5, 1, 1};
               c.p = Conv2dParams{};
               c.p.stride_h = c.p.stride_w = 3;
             })
      .fails(
          "y_null", null_pointer("y"), [](C& c, Arena&) { c.y = nullptr; }, Api::c_only);
}

void add_pool_shape(std::vector<Rule>& out) {
  using C = PoolShapeCall;
  RuleBuilder<C>(out, "pool2d_output_shape")
      .succeeds("ceil_mode", [](C& c, Arena&) { c.p.ceil_mode = true; })
      .fails("x_c_zero", nhwc_dims("x"), [](C& c, Arena&) { c.x.c = 0; })
      .fails("mode_3", {"'params.mode'", "one of max (0), avg (1)"},
             [](C& c, Arena&) { c.p.mode = static_cast<PoolMode>(3); })
      .fails("ties_negative", {"'params.ties'", "one of first (0), all (1)"},
             [](C& c, Arena&) { c.p.ties = static_cast<TiePolicy>(-1); })
      .fails("kernel_w_zero", positive("params.kernel_w"), [](C& c, Arena&) { c.p.kernel_w = 0; })
      .fails("stride_h_zero", positive("params.stride_h"), [](C& c, Arena&) { c.p.stride_h = 0; })
      .fails("pad_bottom_not_smaller_than_kernel", {"'params.pad.bottom'", "a pad smaller than the kernel height 3"},
             [](C& c, Arena&) { c.p.pad.bottom = 4; })
      // Ceil mode's extra window starts at 100 (padded coordinates); 100 + kernel overflows int64.
      .fails("ceil_window_end_overflows", {"'params.stride_h'", "ends within int64"},
             [](C& c, Arena&) {
               c.x = {1, 10, 5, 2};
               c.p.kernel_h = kMax - 95;
               c.p.pad.top = kMax - 100;
               c.p.pad.bottom = 0;
               c.p.stride_h = 100;
               c.p.ceil_mode = true;
             })
      // One 2^32 x 2^32 window: its cell count (average pooling's divisor) overflows int64.
      .fails("window_cells_overflow", {"'params.kernel_h, params.kernel_w'", "cells fit in int64"},
             [](C& c, Arena&) {
               c.x = {1, 1, 1, 1};
               c.p.kernel_h = c.p.kernel_w = std::int64_t{1} << 32;
               c.p.pad = Padding::symmetric((std::int64_t{1} << 32) - 1);
               c.p.stride_h = c.p.stride_w = std::int64_t{1} << 33;
             })
      .fails("seed_bug_pool_kernel_larger_than_input",
             {"the padded input height 3 (3 + 0 + 0) is smaller than the kernel height 5"},
             [](C& c, Arena&) {
               c.x = {1, 3, 3, 1};
               c.p = Pool2dParams{};
               c.p.kernel_h = c.p.kernel_w = 5;
               c.p.stride_h = c.p.stride_w = 3;
             })
      .fails(
          "y_null", null_pointer("y"), [](C& c, Arena&) { c.y = nullptr; }, Api::c_only)
      .fails(
          "params_null", {"'params'", "a non-null cnnkit_pool2d_params pointer"},
          [](C& c, Arena&) { c.c_params_null = true; }, Api::c_only)
      .fails(
          "ceil_mode_3", c_boolean("params.ceil_mode"), [](C& c, Arena&) { c.c_ceil_mode = 3; }, Api::c_only);
}

void add_one_dimensional(std::vector<Rule>& out) {
  using S = ConvSizeCall;
  RuleBuilder<S>(out, "conv_output_size")
      .fails("in_zero", positive("in"), [](S& c, Arena&) { c.in = 0; })
      .fails("kernel_zero", positive("kernel"), [](S& c, Arena&) { c.kernel = 0; })
      .fails("stride_negative", positive("stride"), [](S& c, Arena&) { c.stride = -1; })
      .fails("pad_before_negative", non_negative("pad_before"), [](S& c, Arena&) { c.pad_before = -1; })
      .fails("pad_after_negative", non_negative("pad_after"), [](S& c, Arena&) { c.pad_after = -2; })
      .fails("dilation_zero", positive("dilation"), [](S& c, Arena&) { c.dilation = 0; })
      .fails("dilated_kernel_larger_than_padded_input",
             {"the padded input height 6 (5 + 1 + 0) is smaller than the dilated kernel height 7"}, [](S& c, Arena&) {
               c.dilation = 3;
               c.pad_before = 1;
             });

  using P = PoolSizeCall;
  RuleBuilder<P>(out, "pool_output_size")
      .fails("in_negative", positive("in"), [](P& c, Arena&) { c.in = -5; })
      .fails("kernel_zero", positive("kernel"), [](P& c, Arena&) { c.kernel = 0; })
      .fails("stride_zero", positive("stride"), [](P& c, Arena&) { c.stride = 0; })
      .fails("pad_before_negative", non_negative("pad_before"), [](P& c, Arena&) { c.pad_before = -1; })
      .fails("pad_before_not_smaller_than_kernel", {"'pad_before'", "a pad smaller than the kernel 3"},
             [](P& c, Arena&) { c.pad_before = 3; })
      .fails("pad_after_not_smaller_than_kernel", {"'pad_after'", "a pad smaller than the kernel 3"},
             [](P& c, Arena&) { c.pad_after = 5; })
      .fails("ceil_window_end_overflows", {"'stride'", "ends within int64"},
             [](P& c, Arena&) {
               c.in = 10;
               c.kernel = kMax - 95;
               c.pad_before = kMax - 100;
               c.pad_after = 0;
               c.stride = 100;
               c.ceil_mode = true;
             })
      .fails("kernel_larger_than_padded_input", {"the padded input height 2 (2 + 0 + 0) is smaller than the kernel"},
             [](P& c, Arena&) {
               c.in = 2;
               c.kernel = 5;
               c.pad_before = c.pad_after = 0;
             });

  using D = PadShapeCall;
  RuleBuilder<D>(out, "pad_output_shape")
      .fails("x_n_zero", nhwc_dims("x"), [](D& c, Arena&) { c.x.n = 0; })
      .fails("pad_top_negative", non_negative("pad.top"), [](D& c, Arena&) { c.pad.top = -1; })
      .fails("pad_right_overflows", {"pad.right", "overflows int64"}, [](D& c, Arena&) { c.pad.right = kMax; });
}

}  // namespace

std::vector<Rule> geometry_rules() {
  std::vector<Rule> out;
  add_same_padding(out);
  add_conv_shape(out);
  add_pool_shape(out);
  add_one_dimensional(out);
  return out;
}

}  // namespace cnnkit::test::validation

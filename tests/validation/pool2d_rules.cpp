// Validation rules of pool2d_forward / pool2d_backward (C++ API and C ABI). The C ABI's own
// rules (a null params pointer, booleans outside 0/1) appear as C-only rules.
#include <functional>

#include "validation/c_abi_calls.hpp"
#include "validation/validation_rule.hpp"

namespace cnnkit::test::validation {
namespace {

// x (1, 5, 5, 2), max pooling, kernel 3, stride 2, pad 1: y (1, 3, 3, 2).
Pool2dParams max_3x3_stride2_pad1() {
  Pool2dParams p;
  p.kernel_h = p.kernel_w = 3;
  p.pad = Padding::symmetric(1);
  return p;
}

// What the C call passes: the C struct made from p, then adjusted to hold a value C++ cannot.
struct CParams {
  bool null = false;
  std::function<void(cnnkit_pool2d_params&)> tweak;
  const cnnkit_pool2d_params* get(const Pool2dParams& p, cnnkit_pool2d_params& storage) const {
    storage = to_c(p);
    if (tweak) tweak(storage);
    return null ? nullptr : &storage;
  }
};

template <class T>
struct ForwardCall {
  using Real = T;
  NhwcView<const T> x;
  NhwcView<T> y;
  Pool2dParams p;
  CParams c_params;

  static ForwardCall baseline(Arena& a) {
    return {{a.values<T>(50), {1, 5, 5, 2}}, {a.values<T>(18), {1, 3, 3, 2}}, max_3x3_stride2_pad1(), {}};
  }
  void cpp() const { pool2d_forward<T>(x, y, p); }
  cnnkit_status c() const {
    cnnkit_pool2d_params storage;
    return c_abi::pool2d_forward<T>(nullptr, x.data, to_c(x.shape), y.data, to_c(y.shape), c_params.get(p, storage));
  }
};

template <class T>
struct BackwardCall {
  using Real = T;
  NhwcView<const T> x;
  NhwcView<const T> dy;
  NhwcView<T> dx;
  Pool2dParams p;
  CParams c_params;

  static BackwardCall baseline(Arena& a) {
    return {{a.values<T>(50), {1, 5, 5, 2}},
            {a.values<T>(18), {1, 3, 3, 2}},
            {a.values<T>(50), {1, 5, 5, 2}},
            max_3x3_stride2_pad1(),
            {}};
  }
  void cpp() const { pool2d_backward<T>(x, dy, dx, p); }
  cnnkit_status c() const {
    cnnkit_pool2d_params storage;
    return c_abi::pool2d_backward<T>(nullptr, x.data, to_c(x.shape), dy.data, to_c(dy.shape), dx.data, to_c(dx.shape),
                                     c_params.get(p, storage));
  }
};

// Params rules shared by both directions; `output` names the tensor checked against the
// output shape (y forward, dy backward).
template <class Call>
void add_params_rules(RuleBuilder<Call>& b) {
  const auto smaller = [](const char* side, const char* axis) {
    return std::vector<std::string>{std::string("'params.pad.") + side + "'",
                                    std::string("a pad smaller than the kernel ") + axis + " 3", "got 3"};
  };
  b.fails("mode_2", {"'params.mode'", "one of max (0), avg (1)", "got value 2"},
          [](Call& c, Arena&) { c.p.mode = static_cast<PoolMode>(2); })
      .fails("mode_negative", {"'params.mode'", "one of max (0), avg (1)"},
             [](Call& c, Arena&) { c.p.mode = static_cast<PoolMode>(-1); })
      .fails("ties_2", {"'params.ties'", "one of first (0), all (1)"},
             [](Call& c, Arena&) { c.p.ties = static_cast<TiePolicy>(2); })
      .fails("ties_bad_with_avg", {"'params.ties'", "one of first (0), all (1)"},
             [](Call& c, Arena&) {
               c.p.mode = PoolMode::avg;
               c.p.ties = static_cast<TiePolicy>(7);
             })
      .fails("kernel_h_zero", positive("params.kernel_h"), [](Call& c, Arena&) { c.p.kernel_h = 0; })
      .fails("kernel_w_negative", positive("params.kernel_w"), [](Call& c, Arena&) { c.p.kernel_w = -3; })
      .fails("stride_h_zero", positive("params.stride_h"), [](Call& c, Arena&) { c.p.stride_h = 0; })
      .fails("stride_w_zero", positive("params.stride_w"), [](Call& c, Arena&) { c.p.stride_w = 0; })
      .fails("pad_top_negative", non_negative("params.pad.top"), [](Call& c, Arena&) { c.p.pad.top = -1; })
      .fails("pad_right_negative", non_negative("params.pad.right"), [](Call& c, Arena&) { c.p.pad.right = -1; })
      .fails("pad_top_not_smaller_than_kernel", smaller("top", "height"), [](Call& c, Arena&) { c.p.pad.top = 3; })
      .fails("pad_bottom_not_smaller_than_kernel", smaller("bottom", "height"),
             [](Call& c, Arena&) { c.p.pad.bottom = 3; })
      .fails("pad_left_not_smaller_than_kernel", smaller("left", "width"), [](Call& c, Arena&) { c.p.pad.left = 3; })
      .fails("pad_right_not_smaller_than_kernel", smaller("right", "width"), [](Call& c, Arena&) { c.p.pad.right = 3; })
      .fails(
          "params_null", {"'params'", "a non-null cnnkit_pool2d_params pointer"},
          [](Call& c, Arena&) { c.c_params.null = true; }, Api::c_only)
      .fails(
          "ceil_mode_2", c_boolean("params.ceil_mode"),
          [](Call& c, Arena&) { c.c_params.tweak = [](cnnkit_pool2d_params& cp) { cp.ceil_mode = 2; }; }, Api::c_only)
      .fails(
          "count_include_pad_negative", c_boolean("params.count_include_pad"),
          [](Call& c, Arena&) { c.c_params.tweak = [](cnnkit_pool2d_params& cp) { cp.count_include_pad = -1; }; },
          Api::c_only);
}

template <class T>
void add_forward(std::vector<Rule>& out) {
  using C = ForwardCall<T>;
  const std::vector<std::string> y_shape{"'y'", "the pool2d output shape of x with these params"};
  RuleBuilder<C> b(out, "pool2d_forward");
  b.fails("x_null", null_pointer("x"), [](C& c, Arena&) { c.x.data = nullptr; })
      .fails("y_null", null_pointer("y"), [](C& c, Arena&) { c.y.data = nullptr; })
      .fails("x_h_zero", nhwc_dims("x"), [](C& c, Arena&) { c.x.shape.h = 0; })
      .fails("y_n_negative", nhwc_dims("y"), [](C& c, Arena&) { c.y.shape.n = -1; })
      .fails("x_count_overflows_int64", too_many_elements("x"),
             [](C& c, Arena&) {
               c.x.shape = {1 << 30, 1 << 30, 1 << 30, 2};
             })
      .fails("x_count_exceeds_memory", too_many_elements("x"),
             [](C& c, Arena&) {
               c.x.shape = {1, kHuge, 1, 1};
             })
      .fails("y_n_mismatch", y_shape, [](C& c, Arena&) { c.y.shape.n = 2; })
      .fails("y_h_mismatch", y_shape, [](C& c, Arena&) { c.y.shape.h = 2; })
      .fails("y_w_mismatch", y_shape, [](C& c, Arena&) { c.y.shape.w = 4; })
      .fails("y_c_mismatch", y_shape, [](C& c, Arena&) { c.y.shape.c = 1; })
      .fails("y_overlaps_x", overlap("y", "x"), [](C& c, Arena&) { c.y.data = const_cast<T*>(c.x.data) + 30; })
      // One 2^32 x 2^32 average window over a single cell, counting the padding: the divisor
      // 2^64 overflowed int64 in every variant before validation rejected it.
      .fails("avg_window_cells_overflow", {"'params.kernel_h, params.kernel_w'", "cells fit in int64"},
             [](C& c, Arena& a) {
               constexpr std::int64_t k = std::int64_t{1} << 32;
               c.x = {a.values<T>(1), {1, 1, 1, 1}};
               c.y = {a.values<T>(1), {1, 1, 1, 1}};
               c.p.mode = PoolMode::avg;
               c.p.count_include_pad = true;
               c.p.kernel_h = c.p.kernel_w = k;
               c.p.pad = Padding::symmetric(k - 1);
               c.p.stride_h = c.p.stride_w = 2 * k;
             })
      // The fixture seed_bug_pool_kernel_larger_than_input: x (1,3,3,1), kernel 5, stride 3.
      .fails("seed_bug_pool_kernel_larger_than_input",
             {"the padded input height 3 (3 + 0 + 0) is smaller than the kernel height 5",
              "expected padded input >= kernel"},
             [](C& c, Arena& a) {
               c.x = {a.values<T>(9), {1, 3, 3, 1}};
               c.y = {a.values<T>(1), {1, 1, 1, 1}};
               c.p = Pool2dParams{};
               c.p.kernel_h = c.p.kernel_w = 5;
               c.p.stride_h = c.p.stride_w = 3;
             })
      // Ceil mode, 5 wide, kernel 2, stride 2, pad 1: the 4th window would start at 6, inside the
      // trailing padding, and is dropped: 3 outputs, not 4.
      .succeeds("ceil_mode_drops_window_in_trailing_padding",
                [](C& c, Arena& a) {
                  c.p.kernel_h = c.p.kernel_w = 2;
                  c.p.ceil_mode = true;
                  c.y = {a.values<T>(18), {1, 3, 3, 2}};
                })
      .fails("ceil_mode_y_with_the_dropped_window", with(y_shape, "shape (1, 3, 3, 2)"), [](C& c, Arena& a) {
        c.p.kernel_h = c.p.kernel_w = 2;
        c.p.ceil_mode = true;
        c.y = {a.values<T>(32), {1, 4, 4, 2}};
      });
  add_params_rules(b);
}

template <class T>
void add_backward(std::vector<Rule>& out) {
  using C = BackwardCall<T>;
  const std::vector<std::string> dy_shape{"'dy'", "the pool2d output shape of dx's shape with these params"};
  RuleBuilder<C> b(out, "pool2d_backward");
  b.succeeds("avg_without_x",
             [](C& c, Arena&) {
               c.p.mode = PoolMode::avg;
               c.x.data = nullptr;
             })
      .fails("x_null_for_max", null_pointer("x"), [](C& c, Arena&) { c.x.data = nullptr; })
      .fails("dy_null", null_pointer("dy"), [](C& c, Arena&) { c.dy.data = nullptr; })
      .fails("dx_null", null_pointer("dx"), [](C& c, Arena&) { c.dx.data = nullptr; })
      .fails("dx_w_zero", nhwc_dims("dx"), [](C& c, Arena&) { c.dx.shape.w = 0; })
      .fails("dy_c_zero", nhwc_dims("dy"), [](C& c, Arena&) { c.dy.shape.c = 0; })
      .fails(
          "x_shape_mismatch", {"'x'", "(the shape of dx)"}, [](C& c, Arena&) { c.x.shape.h = 4; })
      .fails(
          "x_shape_mismatch_avg", {"'x'", "(the shape of dx)"},
          [](C& c, Arena&) {
            c.p.mode = PoolMode::avg;
            c.x.shape.c = 1;
          })
      .fails("dy_h_mismatch", dy_shape, [](C& c, Arena&) { c.dy.shape.h = 2; })
      .fails("dy_c_mismatch", dy_shape, [](C& c, Arena&) { c.dy.shape.c = 3; })
      .fails("dx_overlaps_dy", overlap("dx", "dy"),
             [](C& c, Arena& a) {
               T* r = a.values<T>(67);
               c.dy.data = r;
               c.dx.data = r + 17;
             })
      .fails("dx_overlaps_x", overlap("dx", "x"), [](C& c, Arena&) { c.dx.data = const_cast<T*>(c.x.data); })
      .fails("dx_overlaps_x_avg", overlap("dx", "x"), [](C& c, Arena& a) {
        c.p.mode = PoolMode::avg;
        T* r = a.values<T>(51);
        c.dx.data = r;
        c.x.data = r + 1;
      });
  add_params_rules(b);
}

}  // namespace

std::vector<Rule> pool2d_rules() {
  std::vector<Rule> out;
  add_forward<float>(out);
  add_forward<double>(out);
  add_backward<float>(out);
  add_backward<double>(out);
  return out;
}

}  // namespace cnnkit::test::validation

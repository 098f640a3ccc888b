// Validation rules of the four convolution functions and the fused epilogues with plain weights
// (forward with an epilogue, backward weights + bias), C++ API and C ABI.
#include <limits>

#include "validation/c_abi_calls.hpp"
#include "validation/conv2d_rule_support.hpp"
#include "validation/validation_rule.hpp"

namespace cnnkit::test::validation {
namespace {

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();

const std::vector<std::string> kOutputShape{"the conv2d output shape of these x, w and params"};

template <class T>
struct ForwardCall {
  using Real = T;
  NhwcView<const T> x;
  HwioView<const T> w;
  VectorView<const T> bias;
  NhwcView<T> y;
  Conv2dParams p;

  static ForwardCall baseline(Arena& a) {
    return {{a.values<T>(32), {1, 4, 4, 2}},
            {a.values<T>(36), {3, 3, 1, 4}},
            {a.values<T>(4), 4},
            {a.values<T>(64), {1, 4, 4, 4}},
            grouped_same()};
  }
  void cpp() const { conv2d_forward<T>(x, w, bias, y, p); }
  cnnkit_status c() const {
    const cnnkit_conv2d_params cp = to_c(p);
    return c_abi::conv2d_forward<T>(nullptr, x.data, to_c(x.shape), w.data, to_c(w.shape), bias.data, bias.size,
                                    y.data, to_c(y.shape), &cp);
  }
};

// Rules about params and geometry hold for every direction; `Call` names its tensors.
template <class Call>
void add_params_rules(RuleBuilder<Call>& b, const char* input) {
  const std::string in = input;
  b.fails("groups_zero", positive("params.groups"), [](Call& c, Arena&) { c.p.groups = 0; })
      .fails("groups_negative", positive("params.groups"), [](Call& c, Arena&) { c.p.groups = -2; })
      .fails("channels_not_divisible_by_groups", {"'" + in + "'", "a channel count divisible by groups = 3"},
             [](Call& c, Arena&) { c.p.groups = 3; })
      .fails("stride_h_zero", positive("params.stride_h"), [](Call& c, Arena&) { c.p.stride_h = 0; })
      .fails("stride_w_negative", positive("params.stride_w"), [](Call& c, Arena&) { c.p.stride_w = -1; })
      .fails("dilation_h_zero", positive("params.dilation_h"), [](Call& c, Arena&) { c.p.dilation_h = 0; })
      .fails("dilation_w_zero", positive("params.dilation_w"), [](Call& c, Arena&) { c.p.dilation_w = 0; })
      .fails("pad_top_negative", non_negative("params.pad.top"), [](Call& c, Arena&) { c.p.pad.top = -1; })
      .fails("pad_bottom_negative", non_negative("params.pad.bottom"), [](Call& c, Arena&) { c.p.pad.bottom = -1; })
      .fails("pad_left_negative", non_negative("params.pad.left"), [](Call& c, Arena&) { c.p.pad.left = -1; })
      .fails("pad_right_negative", non_negative("params.pad.right"), [](Call& c, Arena&) { c.p.pad.right = -1; })
      .fails("padded_height_overflows", {"params.pad.top", "overflows int64"},
             [](Call& c, Arena&) { c.p.pad.top = kMax; })
      .fails("dilated_kernel_overflows", {"'params.dilation_h'", "dilated kernel dilation*(kernel-1)+1 fits in int64"},
             [](Call& c, Arena&) { c.p.dilation_h = kMax / 2 + 1; })
      // dilation 3 spreads the 3-tap kernel over 7 cells; the padded input has 6.
      .fails("dilated_kernel_larger_than_padded_input_h",
             {"the padded input height 6 (4 + 1 + 1) is smaller than the dilated kernel height 7",
              "expected padded input >= dilation*(kernel-1)+1"},
             [](Call& c, Arena&) { c.p.dilation_h = 3; })
      .fails("dilated_kernel_larger_than_padded_input_w",
             {"the padded input width 4 (4 + 0 + 0) is smaller than the dilated kernel width 7"}, [](Call& c, Arena&) {
               c.p.dilation_w = 3;
               c.p.pad.left = c.p.pad.right = 0;
             });
}

// The bias gradient's size (c_out = dy's channels, 4 here): the C++ API checks the view's size, the
// C ABI its db_size argument, each with its own wording.
template <class Call>
void add_db_size_rules(RuleBuilder<Call>& b) {
  b.fails("db_size_mismatch", {"'db'", "size c_out = 4 (the channels of dy)", "got 3"},
          [](Call& c, Arena&) { c.db.size = 3; }, Api::cpp_only)
      .fails("db_size_zero", {"'db'", "size c_out = 4"}, [](Call& c, Arena&) { c.db.size = 0; }, Api::cpp_only)
      .fails("db_size_mismatch_c", {"'db_size'", "4 (dy_shape.c)", "got 3"}, [](Call& c, Arena&) { c.db.size = 3; },
             Api::c_only)
      .fails("db_size_zero_c", {"'db_size'", "4 (dy_shape.c)", "got 0"}, [](Call& c, Arena&) { c.db.size = 0; },
             Api::c_only);
}

template <class T>
void add_forward(std::vector<Rule>& out) {
  using C = ForwardCall<T>;
  RuleBuilder<C> b(out, "conv2d_forward");
  b.succeeds("no_bias", [](C& c, Arena&) { c.bias = {}; })
      .fails("x_null", null_pointer("x"), [](C& c, Arena&) { c.x.data = nullptr; })
      .fails("w_null", null_pointer("w"), [](C& c, Arena&) { c.w.data = nullptr; })
      .fails("y_null", null_pointer("y"), [](C& c, Arena&) { c.y.data = nullptr; })
      .fails("x_h_zero", nhwc_dims("x"), [](C& c, Arena&) { c.x.shape.h = 0; })
      .fails("w_kh_zero", hwio_dims("w"), [](C& c, Arena&) { c.w.shape.kh = 0; })
      .fails("w_c_out_negative", hwio_dims("w"), [](C& c, Arena&) { c.w.shape.c_out = -4; })
      .fails("y_c_negative", nhwc_dims("y"), [](C& c, Arena&) { c.y.shape.c = -1; })
      .fails("x_count_overflows_int64", too_many_elements("x"),
             [](C& c, Arena&) {
               c.x.shape = {1 << 22, 1 << 22, 1 << 22, 2};
             })
      .fails("w_count_exceeds_memory", too_many_elements("w"),
             [](C& c, Arena&) {
               c.w.shape = {kHuge / 4, 1, 1, 4};
             })
      .fails("c_out_not_divisible_by_groups", {"'w'", "c_out divisible by groups = 2", "c_out = 5"},
             [](C& c, Arena&) {
               c.w.shape.c_out = 5;
               c.y.shape.c = 5;
               c.bias.size = 5;  // the C ABI checks bias_size against c_out first
             })
      .fails("c_in_per_group_mismatch", {"'w'", "c_in/groups = 1 (x has 2 channels, groups = 2)"},
             [](C& c, Arena&) { c.w.shape.c_in_per_group = 2; })
      .fails("y_n_mismatch", with({"'y'"}, kOutputShape[0]), [](C& c, Arena&) { c.y.shape.n = 2; })
      .fails("y_h_mismatch", with({"'y'"}, kOutputShape[0]), [](C& c, Arena&) { c.y.shape.h = 2; })
      .fails("y_w_mismatch", with({"'y'"}, kOutputShape[0]), [](C& c, Arena&) { c.y.shape.w = 5; })
      .fails("y_c_mismatch", with({"'y'"}, kOutputShape[0]), [](C& c, Arena&) { c.y.shape.c = 2; })
      .fails("y_sized_without_padding", with({"'y'", "shape (1, 4, 4, 4)"}, kOutputShape[0]),
             [](C& c, Arena&) {
               c.y.shape = {1, 2, 2, 4};
             })
      .fails(
          "bias_size_mismatch", {"'bias'", "size c_out = 4", "got 3"}, [](C& c, Arena&) { c.bias.size = 3; },
          Api::cpp_only)
      .fails("bias_size_mismatch_c", {"'bias_size'", "4 (w_shape.c_out)", "got 3"},
             [](C& c, Arena&) { c.bias.size = 3; }, Api::c_only)
      .fails(
          "bias_null_with_size", {"'bias'", "an empty view for no bias, or non-null data"},
          [](C& c, Arena&) { c.bias.data = nullptr; })
      .fails("y_overlaps_x", overlap("y", "x"),
             [](C& c, Arena& a) {
               T* r = a.values<T>(96);
               c.x.data = r;
               c.y.data = r + 16;
             })
      .fails("y_overlaps_w", overlap("y", "w"), [](C& c, Arena&) { c.w.data = c.y.data + 20; })
      .fails("y_overlaps_bias", overlap("y", "bias"), [](C& c, Arena&) { c.bias.data = c.y.data + 10; })
      // The fixture seed_bug_conv_kernel_larger_than_input: x (1,3,3,1), w (5,5,1,1), stride 3.
      .fails("seed_bug_conv_kernel_larger_than_input",
             {"the padded input height 3 (3 + 0 + 0) is smaller than the dilated kernel height 5 (kernel 5, "
              "dilation 1)"},
             [](C& c, Arena& a) {
               c.x = {a.values<T>(9), {1, 3, 3, 1}};
               c.w = {a.values<T>(25), {5, 5, 1, 1}};
               c.bias = {a.values<T>(1), 1};
               c.y = {a.values<T>(1), {1, 1, 1, 1}};
               c.p = Conv2dParams{};
               c.p.stride_h = c.p.stride_w = 3;
             });
  add_params_rules(b, "x");
}

template <class T>
struct BackwardDataCall {
  using Real = T;
  NhwcView<const T> dy;
  HwioView<const T> w;
  NhwcView<T> dx;
  Conv2dParams p;

  static BackwardDataCall baseline(Arena& a) {
    return {{a.values<T>(64), {1, 4, 4, 4}},
            {a.values<T>(36), {3, 3, 1, 4}},
            {a.values<T>(32), {1, 4, 4, 2}},
            grouped_same()};
  }
  void cpp() const { conv2d_backward_data<T>(dy, w, dx, p); }
  cnnkit_status c() const {
    const cnnkit_conv2d_params cp = to_c(p);
    return c_abi::conv2d_backward_data<T>(nullptr, w.data, to_c(w.shape), dy.data, to_c(dy.shape), dx.data,
                                          to_c(dx.shape), &cp);
  }
};

template <class T>
void add_backward_data(std::vector<Rule>& out) {
  using C = BackwardDataCall<T>;
  RuleBuilder<C> b(out, "conv2d_backward_data");
  b.fails("dy_null", null_pointer("dy"), [](C& c, Arena&) { c.dy.data = nullptr; })
      .fails("w_null", null_pointer("w"), [](C& c, Arena&) { c.w.data = nullptr; })
      .fails("dx_null", null_pointer("dx"), [](C& c, Arena&) { c.dx.data = nullptr; })
      .fails("dx_c_zero", nhwc_dims("dx"), [](C& c, Arena&) { c.dx.shape.c = 0; })
      .fails("dy_n_zero", nhwc_dims("dy"), [](C& c, Arena&) { c.dy.shape.n = 0; })
      .fails("w_kw_negative", hwio_dims("w"), [](C& c, Arena&) { c.w.shape.kw = -3; })
      .fails("dy_h_mismatch", with({"'dy'"}, kOutputShape[0]), [](C& c, Arena&) { c.dy.shape.h = 3; })
      .fails("dy_c_mismatch", with({"'dy'"}, kOutputShape[0]), [](C& c, Arena&) { c.dy.shape.c = 2; })
      .fails("dx_n_mismatch", with({"'dy'"}, kOutputShape[0]), [](C& c, Arena&) { c.dx.shape.n = 2; })
      .fails("w_c_in_per_group_mismatch", {"'w'", "c_in/groups = 1"},
             [](C& c, Arena&) { c.w.shape.c_in_per_group = 2; })
      .fails("c_out_not_divisible_by_groups", {"'w'", "c_out divisible by groups = 2"},
             [](C& c, Arena&) { c.w.shape.c_out = 3; })
      .fails("dx_overlaps_dy", overlap("dx", "dy"), [](C& c, Arena&) { c.dx.data = const_cast<T*>(c.dy.data) + 32; })
      .fails("dx_overlaps_w", overlap("dx", "w"), [](C& c, Arena&) { c.dx.data = const_cast<T*>(c.w.data) + 4; });
  add_params_rules(b, "dx");
}

template <class T>
struct BackwardWeightsCall {
  using Real = T;
  NhwcView<const T> x;
  NhwcView<const T> dy;
  HwioView<T> dw;
  Conv2dParams p;

  static BackwardWeightsCall baseline(Arena& a) {
    return {{a.values<T>(32), {1, 4, 4, 2}},
            {a.values<T>(64), {1, 4, 4, 4}},
            {a.values<T>(36), {3, 3, 1, 4}},
            grouped_same()};
  }
  void cpp() const { conv2d_backward_weights<T>(x, dy, dw, p); }
  cnnkit_status c() const {
    const cnnkit_conv2d_params cp = to_c(p);
    return c_abi::conv2d_backward_weights<T>(nullptr, x.data, to_c(x.shape), dy.data, to_c(dy.shape), dw.data,
                                             to_c(dw.shape), &cp);
  }
};

template <class T>
void add_backward_weights(std::vector<Rule>& out) {
  using C = BackwardWeightsCall<T>;
  RuleBuilder<C> b(out, "conv2d_backward_weights");
  b.fails("x_null", null_pointer("x"), [](C& c, Arena&) { c.x.data = nullptr; })
      .fails("dy_null", null_pointer("dy"), [](C& c, Arena&) { c.dy.data = nullptr; })
      .fails("dw_null", null_pointer("dw"), [](C& c, Arena&) { c.dw.data = nullptr; })
      .fails("x_w_zero", nhwc_dims("x"), [](C& c, Arena&) { c.x.shape.w = 0; })
      .fails("dw_kh_zero", hwio_dims("dw"), [](C& c, Arena&) { c.dw.shape.kh = 0; })
      .fails("dy_c_negative", nhwc_dims("dy"), [](C& c, Arena&) { c.dy.shape.c = -4; })
      .fails("dw_c_in_per_group_mismatch", {"'dw'", "c_in/groups = 1"},
             [](C& c, Arena&) { c.dw.shape.c_in_per_group = 2; })
      .fails("dw_c_out_mismatch", with({"'dy'"}, kOutputShape[0]), [](C& c, Arena&) { c.dw.shape.c_out = 6; })
      .fails("dy_w_mismatch", with({"'dy'"}, kOutputShape[0]), [](C& c, Arena&) { c.dy.shape.w = 3; })
      .fails("x_n_mismatch", with({"'dy'"}, kOutputShape[0]), [](C& c, Arena&) { c.x.shape.n = 3; })
      .fails("dw_overlaps_x", overlap("dw", "x"),
             [](C& c, Arena& a) {
               T* r = a.values<T>(68);
               c.x.data = r + 32;
               c.dw.data = r + 1;
             })
      .fails("dw_overlaps_dy", overlap("dw", "dy"), [](C& c, Arena&) { c.dw.data = const_cast<T*>(c.dy.data) + 28; });
  add_params_rules(b, "x");
}

template <class T>
struct BackwardBiasCall {
  using Real = T;
  NhwcView<const T> dy;
  VectorView<T> db;

  static BackwardBiasCall baseline(Arena& a) { return {{a.values<T>(72), {2, 3, 3, 4}}, {a.values<T>(4), 4}}; }
  void cpp() const { conv2d_backward_bias<T>(dy, db); }
  cnnkit_status c() const { return c_abi::conv2d_backward_bias<T>(nullptr, dy.data, to_c(dy.shape), db.data, db.size); }
};

template <class T>
void add_backward_bias(std::vector<Rule>& out) {
  using C = BackwardBiasCall<T>;
  RuleBuilder<C> b(out, "conv2d_backward_bias");
  b.fails("dy_null", null_pointer("dy"), [](C& c, Arena&) { c.dy.data = nullptr; })
      .fails("db_null", null_pointer("db"), [](C& c, Arena&) { c.db.data = nullptr; })
      .fails("dy_h_zero", nhwc_dims("dy"), [](C& c, Arena&) { c.dy.shape.h = 0; })
      .fails("dy_count_overflows_int64", too_many_elements("dy"),
             [](C& c, Arena&) {
               c.dy.shape = {1 << 30, 1 << 30, 1 << 30, 4};
             });
  add_db_size_rules(b);
  b.fails("db_overlaps_dy", overlap("db", "dy"), [](C& c, Arena&) { c.db.data = const_cast<T*>(c.dy.data) + 68; });
}

// The fused calls: the plain calls' arguments and one more (the epilogue; db). Their shared checks
// run through the same code as the plain calls'; these rules cover what is new or fused.
template <class T>
struct ForwardEpilogueCall : ForwardCall<T> {
  Conv2dEpilogue epilogue;

  static ForwardEpilogueCall baseline(Arena& a) { return {ForwardCall<T>::baseline(a), Conv2dEpilogue::relu}; }
  void cpp() const { conv2d_forward<T>(this->x, this->w, this->bias, this->y, this->p, epilogue); }
  cnnkit_status c() const {
    const cnnkit_conv2d_params cp = to_c(this->p);
    return c_abi::conv2d_forward_epilogue<T>(nullptr, this->x.data, to_c(this->x.shape), this->w.data,
                                             to_c(this->w.shape), this->bias.data, this->bias.size, this->y.data,
                                             to_c(this->y.shape),
                                             &cp, static_cast<std::int32_t>(epilogue));
  }
};

template <class T>
void add_forward_epilogue(std::vector<Rule>& out) {
  using C = ForwardEpilogueCall<T>;
  RuleBuilder<C>(out, "conv2d_forward_epilogue")
      .succeeds("no_bias", [](C& c, Arena&) { c.bias = {}; })
      .succeeds("epilogue_none", [](C& c, Arena&) { c.epilogue = Conv2dEpilogue::none; })
      .fails("epilogue_unknown", with(kEpilogueValue, "value 2"),
             [](C& c, Arena&) { c.epilogue = static_cast<Conv2dEpilogue>(2); })
      .fails("epilogue_negative", with(kEpilogueValue, "value -1"),
             [](C& c, Arena&) { c.epilogue = static_cast<Conv2dEpilogue>(-1); })
      .fails("x_null", null_pointer("x"), [](C& c, Arena&) { c.x.data = nullptr; })
      .fails("y_h_mismatch", with({"'y'"}, kOutputShape[0]), [](C& c, Arena&) { c.y.shape.h = 2; })
      .fails("groups_zero", positive("params.groups"), [](C& c, Arena&) { c.p.groups = 0; })
      .fails("bias_size_mismatch", {"'bias'", "size c_out = 4", "got 3"}, [](C& c, Arena&) { c.bias.size = 3; },
             Api::cpp_only)
      .fails("bias_size_mismatch_c", {"'bias_size'", "4 (w_shape.c_out)", "got 3"},
             [](C& c, Arena&) { c.bias.size = 3; }, Api::c_only)
      .fails("y_overlaps_bias", overlap("y", "bias"), [](C& c, Arena&) { c.bias.data = c.y.data + 60; });
}

template <class T>
struct BackwardWeightsBiasCall : BackwardWeightsCall<T> {
  VectorView<T> db;

  static BackwardWeightsBiasCall baseline(Arena& a) { return {BackwardWeightsCall<T>::baseline(a), {a.values<T>(4), 4}}; }
  void cpp() const { conv2d_backward_weights_bias<T>(this->x, this->dy, this->dw, db, this->p); }
  cnnkit_status c() const {
    const cnnkit_conv2d_params cp = to_c(this->p);
    return c_abi::conv2d_backward_weights_bias<T>(nullptr, this->x.data, to_c(this->x.shape), this->dy.data,
                                                  to_c(this->dy.shape), this->dw.data, to_c(this->dw.shape), db.data,
                                                  db.size, &cp);
  }
};

template <class T>
void add_backward_weights_bias(std::vector<Rule>& out) {
  using C = BackwardWeightsBiasCall<T>;
  RuleBuilder<C> b(out, "conv2d_backward_weights_bias");
  b.fails("x_null", null_pointer("x"), [](C& c, Arena&) { c.x.data = nullptr; })
      .fails("dw_null", null_pointer("dw"), [](C& c, Arena&) { c.dw.data = nullptr; })
      .fails("db_null", null_pointer("db"), [](C& c, Arena&) { c.db.data = nullptr; })
      .fails("dy_w_mismatch", with({"'dy'"}, kOutputShape[0]), [](C& c, Arena&) { c.dy.shape.w = 3; });
  add_db_size_rules(b);
  b.fails("groups_zero", positive("params.groups"), [](C& c, Arena&) { c.p.groups = 0; })
      .fails("dw_overlaps_dy", overlap("dw", "dy"), [](C& c, Arena&) { c.dw.data = const_cast<T*>(c.dy.data) + 28; })
      .fails("db_overlaps_dy", overlap("db", "dy"), [](C& c, Arena&) { c.db.data = const_cast<T*>(c.dy.data) + 61; })
      .fails("db_overlaps_x", overlap("db", "x"), [](C& c, Arena&) { c.db.data = const_cast<T*>(c.x.data) + 30; })
      .fails("db_overlaps_dw", overlap("db", "dw"), [](C& c, Arena&) { c.db.data = c.dw.data + 33; });
}

}  // namespace

std::vector<Rule> conv2d_rules() {
  std::vector<Rule> out;
  add_forward<float>(out);
  add_forward<double>(out);
  add_backward_data<float>(out);
  add_backward_data<double>(out);
  add_backward_weights<float>(out);
  add_backward_weights<double>(out);
  add_backward_bias<float>(out);
  add_backward_bias<double>(out);
  add_forward_epilogue<float>(out);
  add_forward_epilogue<double>(out);
  add_backward_weights_bias<float>(out);
  add_backward_weights_bias<double>(out);
  return out;
}

}  // namespace cnnkit::test::validation

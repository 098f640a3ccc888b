// Validation rules of the fused epilogues: conv2d_forward with an epilogue (plain and prepacked
// weights; cnnkit_conv2d_forward[_packed]_epilogue_*) and conv2d_backward_weights_bias
// (cnnkit_conv2d_backward_weights_bias_*). The geometry rules they share with the plain calls
// (conv2d_rules.cpp) run through the same checks; these cover what is new or fused.
#include <memory>

#include "validation/validation_rule.hpp"

namespace cnnkit::test::validation {
namespace {

// x (1, 4, 4, 2), w (3, 3, 1, 4) in 2 groups, stride 1, pad 1: y (1, 4, 4, 4), as conv2d_rules.cpp.
Conv2dParams grouped_same() {
  Conv2dParams p;
  p.pad = Padding::symmetric(1);
  p.groups = 2;
  return p;
}

template <class T>
struct ForwardEpilogueCall {
  using Real = T;
  NhwcView<const T> x;
  HwioView<const T> w;
  VectorView<const T> bias;
  NhwcView<T> y;
  Conv2dParams p;
  Conv2dEpilogue epilogue;

  static ForwardEpilogueCall baseline(Arena& a) {
    return {{a.values<T>(32), {1, 4, 4, 2}}, {a.values<T>(36), {3, 3, 1, 4}}, {a.values<T>(4), 4},
            {a.values<T>(64), {1, 4, 4, 4}}, grouped_same(),  Conv2dEpilogue::relu};
  }
  void cpp() const { conv2d_forward<T>(x, w, bias, y, p, epilogue); }
  cnnkit_status c() const {
    const cnnkit_conv2d_params cp = to_c(p);
    const auto e = static_cast<std::int32_t>(epilogue);
    if constexpr (std::is_same_v<T, float>)
      return cnnkit_conv2d_forward_epilogue_f32(nullptr, x.data, to_c(x.shape), w.data, to_c(w.shape), bias.data,
                                                y.data, to_c(y.shape), &cp, e);
    else
      return cnnkit_conv2d_forward_epilogue_f64(nullptr, x.data, to_c(x.shape), w.data, to_c(w.shape), bias.data,
                                                y.data, to_c(y.shape), &cp, e);
  }
};

const std::vector<std::string> kEpilogueValue{"'epilogue'", "one of none (0), relu (1)"};

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
      .fails("y_null", null_pointer("y"), [](C& c, Arena&) { c.y.data = nullptr; })
      .fails("y_h_mismatch", {"'y'", "the conv2d output shape of these x, w and params"},
             [](C& c, Arena&) { c.y.shape.h = 2; })
      .fails("groups_zero", positive("params.groups"), [](C& c, Arena&) { c.p.groups = 0; })
      .fails("bias_size_mismatch", {"'bias'", "size c_out = 4", "got 3"}, [](C& c, Arena&) { c.bias.size = 3; },
             Api::cpp_only)
      .fails("y_overlaps_bias", overlap("y", "bias"), [](C& c, Arena&) { c.bias.data = c.y.data + 60; });
}

template <class T>
struct ForwardPackedEpilogueCall {
  using Real = T;
  NhwcView<const T> x;
  std::shared_ptr<const Conv2dPackedWeights<T>> w;
  std::shared_ptr<const cnnkit_conv2d_packed_weights> c_w;
  VectorView<const T> bias;
  NhwcView<T> y;
  Conv2dParams p;
  Conv2dEpilogue epilogue;

  static std::shared_ptr<const cnnkit_conv2d_packed_weights> c_handle(const T* w, cnnkit_hwio shape) {
    cnnkit_conv2d_packed_weights* handle = nullptr;
    cnnkit_status s;
    if constexpr (std::is_same_v<T, float>) s = cnnkit_conv2d_pack_weights_f32(nullptr, w, shape, 2, &handle);
    else s = cnnkit_conv2d_pack_weights_f64(nullptr, w, shape, 2, &handle);
    if (s != CNNKIT_STATUS_OK) return nullptr;
    return {handle, cnnkit_conv2d_packed_weights_destroy};
  }
  static ForwardPackedEpilogueCall baseline(Arena& a) {
    const T* w = a.values<T>(36);
    const HwioShape ws{3, 3, 1, 4};
    return {{a.values<T>(32), {1, 4, 4, 2}},
            std::make_shared<const Conv2dPackedWeights<T>>(HwioView<const T>(w, ws), 2),
            c_handle(w, to_c(ws)),
            {a.values<T>(4), 4},
            {a.values<T>(64), {1, 4, 4, 4}},
            grouped_same(),
            Conv2dEpilogue::relu};
  }
  void cpp() const { conv2d_forward<T>(x, *w, bias, y, p, epilogue); }
  cnnkit_status c() const {
    const cnnkit_conv2d_params cp = to_c(p);
    const auto e = static_cast<std::int32_t>(epilogue);
    if constexpr (std::is_same_v<T, float>)
      return cnnkit_conv2d_forward_packed_epilogue_f32(nullptr, x.data, to_c(x.shape), c_w.get(), bias.data, y.data,
                                                       to_c(y.shape), &cp, e);
    else
      return cnnkit_conv2d_forward_packed_epilogue_f64(nullptr, x.data, to_c(x.shape), c_w.get(), bias.data, y.data,
                                                       to_c(y.shape), &cp, e);
  }
};

template <class T>
void add_forward_packed_epilogue(std::vector<Rule>& out) {
  using C = ForwardPackedEpilogueCall<T>;
  RuleBuilder<C>(out, "conv2d_forward_packed_epilogue")
      .succeeds("epilogue_none", [](C& c, Arena&) { c.epilogue = Conv2dEpilogue::none; })
      .fails("epilogue_unknown", with(kEpilogueValue, "value 7"),
             [](C& c, Arena&) { c.epilogue = static_cast<Conv2dEpilogue>(7); })
      .fails("groups_not_the_packed_groups", {"'params.groups'", "the groups the weights were packed for (2)", "got 1"},
             [](C& c, Arena&) { c.p.groups = 1; })
      .fails("y_null", null_pointer("y"), [](C& c, Arena&) { c.y.data = nullptr; })
      .fails("w_null", null_pointer("w"), [](C& c, Arena&) { c.c_w = nullptr; }, Api::c_only);
}

template <class T>
struct BackwardWeightsBiasCall {
  using Real = T;
  NhwcView<const T> x;
  NhwcView<const T> dy;
  HwioView<T> dw;
  VectorView<T> db;
  Conv2dParams p;

  static BackwardWeightsBiasCall baseline(Arena& a) {
    return {{a.values<T>(32), {1, 4, 4, 2}},
            {a.values<T>(64), {1, 4, 4, 4}},
            {a.values<T>(36), {3, 3, 1, 4}},
            {a.values<T>(4), 4},
            grouped_same()};
  }
  void cpp() const { conv2d_backward_weights_bias<T>(x, dy, dw, db, p); }
  cnnkit_status c() const {
    const cnnkit_conv2d_params cp = to_c(p);
    if constexpr (std::is_same_v<T, float>)
      return cnnkit_conv2d_backward_weights_bias_f32(nullptr, x.data, to_c(x.shape), dy.data, to_c(dy.shape), dw.data,
                                                     to_c(dw.shape), db.data, db.size, &cp);
    else
      return cnnkit_conv2d_backward_weights_bias_f64(nullptr, x.data, to_c(x.shape), dy.data, to_c(dy.shape), dw.data,
                                                     to_c(dw.shape), db.data, db.size, &cp);
  }
};

template <class T>
void add_backward_weights_bias(std::vector<Rule>& out) {
  using C = BackwardWeightsBiasCall<T>;
  RuleBuilder<C>(out, "conv2d_backward_weights_bias")
      .fails("x_null", null_pointer("x"), [](C& c, Arena&) { c.x.data = nullptr; })
      .fails("dy_null", null_pointer("dy"), [](C& c, Arena&) { c.dy.data = nullptr; })
      .fails("dw_null", null_pointer("dw"), [](C& c, Arena&) { c.dw.data = nullptr; })
      .fails("db_null", null_pointer("db"), [](C& c, Arena&) { c.db.data = nullptr; })
      .fails("dy_w_mismatch", {"'dy'", "the conv2d output shape of these x, w and params"},
             [](C& c, Arena&) { c.dy.shape.w = 3; })
      .fails("dw_c_in_per_group_mismatch", {"'dw'", "c_in/groups = 1"},
             [](C& c, Arena&) { c.dw.shape.c_in_per_group = 2; })
      .fails("db_size_mismatch", {"'db'", "size c_out = 4 (the channels of dy)", "got 3"},
             [](C& c, Arena&) { c.db.size = 3; })
      .fails("db_size_zero", {"'db'", "size c_out = 4"}, [](C& c, Arena&) { c.db.size = 0; })
      .fails("groups_zero", positive("params.groups"), [](C& c, Arena&) { c.p.groups = 0; })
      .fails("dw_overlaps_dy", overlap("dw", "dy"), [](C& c, Arena&) { c.dw.data = const_cast<T*>(c.dy.data) + 28; })
      .fails("db_overlaps_dy", overlap("db", "dy"), [](C& c, Arena&) { c.db.data = const_cast<T*>(c.dy.data) + 61; })
      .fails("db_overlaps_x", overlap("db", "x"), [](C& c, Arena&) { c.db.data = const_cast<T*>(c.x.data) + 30; })
      .fails("db_overlaps_dw", overlap("db", "dw"), [](C& c, Arena&) { c.db.data = c.dw.data + 33; });
}

}  // namespace

std::vector<Rule> conv2d_fused_rules() {
  std::vector<Rule> out;
  add_forward_epilogue<float>(out);
  add_forward_epilogue<double>(out);
  add_forward_packed_epilogue<float>(out);
  add_forward_packed_epilogue<double>(out);
  add_backward_weights_bias<float>(out);
  add_backward_weights_bias<double>(out);
  return out;
}

}  // namespace cnnkit::test::validation

// Validation rules of prepacked conv2d weights: packing (Conv2dPackedWeights /
// cnnkit_conv2d_pack_weights_*) and the forward call that takes them, with and without an epilogue.
#include <memory>

#include "validation/conv2d_rule_support.hpp"
#include "validation/validation_rule.hpp"

namespace cnnkit::test::validation {
namespace {

template <class T>
struct PackCall {
  using Real = T;
  HwioView<const T> w;
  std::int64_t groups;
  bool out_null = false;

  static PackCall baseline(Arena& a) { return {{a.values<T>(36), {3, 3, 1, 4}}, 2}; }
  void cpp() const { Conv2dPackedWeights<T> packed(w, groups); }
  cnnkit_status c() const {
    cnnkit_conv2d_packed_weights* handle = nullptr;
    const cnnkit_status s = c_pack<T>(w.data, to_c(w.shape), groups, out_null ? nullptr : &handle);
    cnnkit_conv2d_packed_weights_destroy(handle);
    return s;
  }
};

// Weights (3, 3, 1, 4) packed for 2 groups; x (1, 4, 4, 2), stride 1, pad 1: y (1, 4, 4, 4).
template <class T>
struct ForwardPackedCall {
  using Real = T;
  NhwcView<const T> x;
  std::shared_ptr<const Conv2dPackedWeights<T>> w;
  std::shared_ptr<const cnnkit_conv2d_packed_weights> c_w;
  VectorView<const T> bias;
  NhwcView<T> y;
  Conv2dParams p;

  static ForwardPackedCall baseline(Arena& a) {
    const T* w = a.values<T>(36);
    const HwioShape ws{3, 3, 1, 4};
    return {{a.values<T>(32), {1, 4, 4, 2}},
            std::make_shared<const Conv2dPackedWeights<T>>(HwioView<const T>(w, ws), 2),
            c_packed_handle<T>(w, to_c(ws)),
            {a.values<T>(4), 4},
            {a.values<T>(64), {1, 4, 4, 4}},
            grouped_same()};
  }
  void cpp() const { conv2d_forward<T>(x, *w, bias, y, p); }
  cnnkit_status c() const {
    const cnnkit_conv2d_params cp = to_c(p);
    if constexpr (std::is_same_v<T, float>)
      return cnnkit_conv2d_forward_packed_f32(nullptr, x.data, to_c(x.shape), c_w.get(), bias.data, y.data,
                                              to_c(y.shape), &cp);
    else
      return cnnkit_conv2d_forward_packed_f64(nullptr, x.data, to_c(x.shape), c_w.get(), bias.data, y.data,
                                              to_c(y.shape), &cp);
  }
};

template <class T>
void add_pack(std::vector<Rule>& out) {
  using C = PackCall<T>;
  RuleBuilder<C>(out, "conv2d_pack_weights")
      .succeeds("one_group", [](C& c, Arena&) { c.groups = 1; })
      .fails("w_null", null_pointer("w"), [](C& c, Arena&) { c.w.data = nullptr; })
      .fails("w_kh_zero", hwio_dims("w"), [](C& c, Arena&) { c.w.shape.kh = 0; })
      .fails("w_count_exceeds_memory", too_many_elements("w"), [](C& c, Arena&) { c.w.shape = {kHuge / 4, 1, 1, 4}; })
      .fails("groups_zero", positive("groups"), [](C& c, Arena&) { c.groups = 0; })
      .fails("c_out_not_divisible_by_groups", {"'w'", "c_out divisible by groups = 3", "c_out = 4"},
             [](C& c, Arena&) { c.groups = 3; })
      .fails("packed_null", null_pointer("packed"), [](C& c, Arena&) { c.out_null = true; }, Api::c_only);
}

template <class T>
void add_forward_packed(std::vector<Rule>& out) {
  using C = ForwardPackedCall<T>;
  using Other = std::conditional_t<std::is_same_v<T, float>, double, float>;
  RuleBuilder<C>(out, "conv2d_forward_packed")
      .succeeds("no_bias", [](C& c, Arena&) { c.bias = {}; })
      .fails("x_null", null_pointer("x"), [](C& c, Arena&) { c.x.data = nullptr; })
      .fails("y_null", null_pointer("y"), [](C& c, Arena&) { c.y.data = nullptr; })
      .fails("groups_not_the_packed_groups", {"'params.groups'", "the groups the weights were packed for (2)", "got 1"},
             [](C& c, Arena&) { c.p.groups = 1; })
      .fails("x_channels_mismatch", {"'w'", "c_in/groups = 2 (x has 4 channels, groups = 2)"},
             [](C& c, Arena& a) { c.x = {a.values<T>(64), {1, 4, 4, 4}}; })
      .fails("y_h_mismatch", {"'y'", "the conv2d output shape of these x, w and params"},
             [](C& c, Arena&) { c.y.shape.h = 2; })
      .fails("y_overlaps_x", overlap("y", "x"),
             [](C& c, Arena& a) {
               T* r = a.values<T>(96);
               c.x.data = r;
               c.y.data = r + 16;
             })
      .fails("bias_size_mismatch", {"'bias'", "size c_out = 4", "got 3"}, [](C& c, Arena&) { c.bias.size = 3; },
             Api::cpp_only)
      .fails("w_null", null_pointer("w"), [](C& c, Arena&) { c.c_w = nullptr; }, Api::c_only)
      .fails("w_packed_as_the_other_dtype", {"'w'", "expected weights packed as", "got weights packed as"},
             [](C& c, Arena& a) { c.c_w = c_packed_handle<Other>(a.values<Other>(36), {3, 3, 1, 4}); },
             Api::c_only);
}

template <class T>
struct ForwardPackedEpilogueCall : ForwardPackedCall<T> {
  Conv2dEpilogue epilogue;

  static ForwardPackedEpilogueCall baseline(Arena& a) {
    return {ForwardPackedCall<T>::baseline(a), Conv2dEpilogue::relu};
  }
  void cpp() const { conv2d_forward<T>(this->x, *this->w, this->bias, this->y, this->p, epilogue); }
  cnnkit_status c() const {
    const cnnkit_conv2d_params cp = to_c(this->p);
    const auto e = static_cast<std::int32_t>(epilogue);
    if constexpr (std::is_same_v<T, float>)
      return cnnkit_conv2d_forward_packed_epilogue_f32(nullptr, this->x.data, to_c(this->x.shape), this->c_w.get(),
                                                       this->bias.data, this->y.data, to_c(this->y.shape), &cp, e);
    else
      return cnnkit_conv2d_forward_packed_epilogue_f64(nullptr, this->x.data, to_c(this->x.shape), this->c_w.get(),
                                                       this->bias.data, this->y.data, to_c(this->y.shape), &cp, e);
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

}  // namespace

std::vector<Rule> conv2d_prepacked_rules() {
  std::vector<Rule> out;
  add_pack<float>(out);
  add_pack<double>(out);
  add_forward_packed<float>(out);
  add_forward_packed<double>(out);
  add_forward_packed_epilogue<float>(out);
  add_forward_packed_epilogue<double>(out);
  return out;
}

}  // namespace cnnkit::test::validation

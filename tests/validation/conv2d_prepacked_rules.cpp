// Validation rules of prepacked conv2d weights: packing (Conv2dPackedWeights /
// cnnkit_conv2d_pack_weights_*, Conv2dBackwardDataPackedWeights /
// cnnkit_conv2d_pack_bwd_data_weights_*) and the forward (with and without an epilogue) and
// backward-data calls that take them.
#include <memory>

#include "validation/conv2d_rule_support.hpp"
#include "validation/validation_rule.hpp"

namespace cnnkit::test::validation {
namespace {

enum class Direction { forward, backward_data };

template <Direction D, class T>
using PackedWeights =
    std::conditional_t<D == Direction::forward, Conv2dPackedWeights<T>, Conv2dBackwardDataPackedWeights<T>>;
template <Direction D>
using CHandle = std::conditional_t<D == Direction::forward, cnnkit_conv2d_packed_weights,
                                   cnnkit_conv2d_bwd_data_packed_weights>;

template <Direction D>
void c_destroy(CHandle<D>* h) {
  if constexpr (D == Direction::forward) cnnkit_conv2d_packed_weights_destroy(h);
  else cnnkit_conv2d_bwd_data_packed_weights_destroy(h);
}

template <Direction D, class T>
cnnkit_status c_pack_for(const T* w, cnnkit_hwio shape, std::int64_t groups, CHandle<D>** out) {
  constexpr bool f32 = std::is_same_v<T, float>;
  if constexpr (D == Direction::forward && f32) return cnnkit_conv2d_pack_weights_f32(nullptr, w, shape, out, groups);
  else if constexpr (D == Direction::forward) return cnnkit_conv2d_pack_weights_f64(nullptr, w, shape, out, groups);
  else if constexpr (f32) return cnnkit_conv2d_pack_bwd_data_weights_f32(nullptr, w, shape, out, groups);
  else return cnnkit_conv2d_pack_bwd_data_weights_f64(nullptr, w, shape, out, groups);
}

// Packed weights for the C ABI, as element type U, for 2 groups (null when packing fails).
template <Direction D, class U>
std::shared_ptr<const CHandle<D>> c_handle(const U* w, cnnkit_hwio shape) {
  CHandle<D>* handle = nullptr;
  if (c_pack_for<D, U>(w, shape, 2, &handle) != CNNKIT_STATUS_OK) return nullptr;
  return {handle, c_destroy<D>};
}

template <Direction D, class T>
struct PackCall {
  using Real = T;
  HwioView<const T> w;
  std::int64_t groups;
  bool out_null = false;

  static PackCall baseline(Arena& a) { return {{a.values<T>(36), {3, 3, 1, 4}}, 2}; }
  void cpp() const { PackedWeights<D, T> packed(w, groups); }
  cnnkit_status c() const {
    CHandle<D>* handle = nullptr;
    const cnnkit_status s = c_pack_for<D, T>(w.data, to_c(w.shape), groups, out_null ? nullptr : &handle);
    c_destroy<D>(handle);
    return s;
  }
};

// Weights (3, 3, 1, 4) packed for 2 groups; x (1, 4, 4, 2), stride 1, pad 1: y (1, 4, 4, 4).
template <class T>
struct ForwardPackedCall {
  using Real = T;
  NhwcView<const T> x;
  std::shared_ptr<const Conv2dPackedWeights<T>> w;
  std::shared_ptr<const CHandle<Direction::forward>> c_w;
  VectorView<const T> bias;
  NhwcView<T> y;
  Conv2dParams p;

  static ForwardPackedCall baseline(Arena& a) {
    const T* w = a.values<T>(36);
    const HwioShape ws{3, 3, 1, 4};
    return {{a.values<T>(32), {1, 4, 4, 2}},
            std::make_shared<const Conv2dPackedWeights<T>>(HwioView<const T>(w, ws), 2),
            c_handle<Direction::forward, T>(w, to_c(ws)),
            {a.values<T>(4), 4},
            {a.values<T>(64), {1, 4, 4, 4}},
            grouped_same()};
  }
  void cpp() const { conv2d_forward<T>(x, *w, bias, y, p); }
  cnnkit_status c() const {
    const cnnkit_conv2d_params cp = to_c(p);
    if constexpr (std::is_same_v<T, float>)
      return cnnkit_conv2d_forward_packed_f32(nullptr, x.data, to_c(x.shape), c_w.get(), bias.data, bias.size, y.data,
                                              to_c(y.shape), &cp);
    else
      return cnnkit_conv2d_forward_packed_f64(nullptr, x.data, to_c(x.shape), c_w.get(), bias.data, bias.size, y.data,
                                              to_c(y.shape), &cp);
  }
};

// Weights (3, 3, 1, 4) packed for 2 groups; dy (1, 4, 4, 4), stride 1, pad 1: dx (1, 4, 4, 2).
template <class T>
struct BackwardDataPackedCall {
  using Real = T;
  NhwcView<const T> dy;
  std::shared_ptr<const Conv2dBackwardDataPackedWeights<T>> w;
  std::shared_ptr<const CHandle<Direction::backward_data>> c_w;
  NhwcView<T> dx;
  Conv2dParams p;

  static BackwardDataPackedCall baseline(Arena& a) {
    const T* w = a.values<T>(36);
    const HwioShape ws{3, 3, 1, 4};
    Conv2dParams p;
    p.pad = Padding::symmetric(1);
    p.groups = 2;
    return {{a.values<T>(64), {1, 4, 4, 4}},
            std::make_shared<const Conv2dBackwardDataPackedWeights<T>>(HwioView<const T>(w, ws), 2),
            c_handle<Direction::backward_data, T>(w, to_c(ws)),
            {a.values<T>(32), {1, 4, 4, 2}},
            p};
  }
  void cpp() const { conv2d_backward_data<T>(dy, *w, dx, p); }
  cnnkit_status c() const {
    const cnnkit_conv2d_params cp = to_c(p);
    if constexpr (std::is_same_v<T, float>)
      return cnnkit_conv2d_backward_data_packed_f32(nullptr, c_w.get(), dy.data, to_c(dy.shape), dx.data,
                                                    to_c(dx.shape), &cp);
    else
      return cnnkit_conv2d_backward_data_packed_f64(nullptr, c_w.get(), dy.data, to_c(dy.shape), dx.data,
                                                    to_c(dx.shape), &cp);
  }
};

template <Direction D, class T>
void add_pack(std::vector<Rule>& out) {
  using C = PackCall<D, T>;
  RuleBuilder<C>(out, D == Direction::forward ? "conv2d_pack_weights" : "conv2d_pack_bwd_data_weights")
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
      .fails("bias_size_mismatch_c", {"'bias_size'", "4 (the packed weights' c_out)", "got 3"},
             [](C& c, Arena&) { c.bias.size = 3; }, Api::c_only)
      .fails("w_null", null_pointer("w"), [](C& c, Arena&) { c.c_w = nullptr; }, Api::c_only)
      .fails("w_packed_as_the_other_dtype", {"'w'", "expected weights packed as", "got weights packed as"},
             [](C& c, Arena& a) { c.c_w = c_handle<Direction::forward, Other>(a.values<Other>(36), {3, 3, 1, 4}); },
             Api::c_only);
}

template <class T>
void add_backward_data_packed(std::vector<Rule>& out) {
  using C = BackwardDataPackedCall<T>;
  using Other = std::conditional_t<std::is_same_v<T, float>, double, float>;
  RuleBuilder<C>(out, "conv2d_backward_data_packed")
      .fails("dy_null", null_pointer("dy"), [](C& c, Arena&) { c.dy.data = nullptr; })
      .fails("dx_null", null_pointer("dx"), [](C& c, Arena&) { c.dx.data = nullptr; })
      .fails("groups_not_the_packed_groups", {"'params.groups'", "the groups the weights were packed for (2)", "got 1"},
             [](C& c, Arena&) { c.p.groups = 1; })
      .fails("dx_channels_mismatch", {"'w'", "c_in/groups = 2 (dx has 4 channels, groups = 2)"},
             [](C& c, Arena& a) { c.dx = {a.values<T>(64), {1, 4, 4, 4}}; })
      .fails("dy_h_mismatch", {"'dy'", "the conv2d output shape of these x, w and params"},
             [](C& c, Arena&) { c.dy.shape.h = 2; })
      .fails("dy_c_mismatch", {"'dy'", "the conv2d output shape of these x, w and params"},
             [](C& c, Arena&) { c.dy.shape.c = 2; })
      .fails("dx_overlaps_dy", overlap("dx", "dy"),
             [](C& c, Arena& a) {
               T* r = a.values<T>(96);
               c.dy.data = r;
               c.dx.data = r + 16;
             })
      .fails("w_null", null_pointer("w"), [](C& c, Arena&) { c.c_w = nullptr; }, Api::c_only)
      .fails("w_packed_as_the_other_dtype", {"'w'", "expected weights packed as", "got weights packed as"},
             [](C& c, Arena& a) {
               c.c_w = c_handle<Direction::backward_data, Other>(a.values<Other>(36), {3, 3, 1, 4});
             },
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
                                                       this->bias.data, this->bias.size, this->y.data,
                                                       to_c(this->y.shape), &cp, e);
    else
      return cnnkit_conv2d_forward_packed_epilogue_f64(nullptr, this->x.data, to_c(this->x.shape), this->c_w.get(),
                                                       this->bias.data, this->bias.size, this->y.data,
                                                       to_c(this->y.shape), &cp, e);
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
  add_pack<Direction::forward, float>(out);
  add_pack<Direction::forward, double>(out);
  add_pack<Direction::backward_data, float>(out);
  add_pack<Direction::backward_data, double>(out);
  add_forward_packed<float>(out);
  add_forward_packed<double>(out);
  add_backward_data_packed<float>(out);
  add_backward_data_packed<double>(out);
  add_forward_packed_epilogue<float>(out);
  add_forward_packed_epilogue<double>(out);
  return out;
}

}  // namespace cnnkit::test::validation

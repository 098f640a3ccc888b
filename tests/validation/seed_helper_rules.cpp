// Validation rules of the seeds' helpers: conv_single_step, create_mask_from_window,
// distribute_value.
#include "validation/c_abi_calls.hpp"
#include "validation/validation_rule.hpp"

namespace cnnkit::test::validation {
namespace {

template <class T>
struct SingleStepCall {
  using Real = T;
  const T* a_slice;
  const T* weights;
  std::int64_t f_h = 2, f_w = 2, channels = 3;
  T* z;  // C only: the C++ API returns z
  // C only: the element counts of a_slice and weights; -1 is f_h * f_w * channels (or 0 when that
  // is not a valid count, so the C++ API names the bad dimension).
  std::int64_t a_slice_size = -1, weights_size = -1;

  std::int64_t consistent_size() const {
    std::int64_t n = 0;
    if (f_h <= 0 || f_w <= 0 || channels <= 0 || __builtin_mul_overflow(f_h, f_w, &n) ||
        __builtin_mul_overflow(n, channels, &n))
      return 0;
    return n;
  }

  static SingleStepCall baseline(Arena& a) { return {a.values<T>(12), a.values<T>(12), 2, 2, 3, a.values<T>(1)}; }
  void cpp() const { conv_single_step<T>(a_slice, weights, T(1), f_h, f_w, channels); }
  cnnkit_status c() const {
    return c_abi::conv_single_step<T>(nullptr, a_slice, a_slice_size < 0 ? consistent_size() : a_slice_size, weights,
                                      weights_size < 0 ? consistent_size() : weights_size, T(1), z, f_h, f_w,
                                      channels);
  }
};

template <class T>
struct MaskCall {
  using Real = T;
  MatrixView<const T> x;
  MatrixView<T> mask;
  TiePolicy ties = TiePolicy::first;

  static MaskCall baseline(Arena& a) { return {{a.values<T>(12), 3, 4}, {a.values<T>(12), 3, 4}}; }
  void cpp() const { create_mask_from_window<T>(x, mask, ties); }
  cnnkit_status c() const {
    return c_abi::create_mask_from_window<T>(nullptr, x.data, shape(x), mask.data, shape(mask),
                                             static_cast<std::int32_t>(ties));
  }
};

template <class T>
struct DistributeCall {
  using Real = T;
  MatrixView<T> out;

  static DistributeCall baseline(Arena& a) { return {{a.values<T>(12), 3, 4}}; }
  void cpp() const { distribute_value<T>(T(2), out); }
  cnnkit_status c() const { return c_abi::distribute_value<T>(nullptr, T(2), out.data, shape(out)); }
};

template <class T>
void add(std::vector<Rule>& out) {
  const std::vector<std::string> slice_dims{"'a_slice (f_h, f_w, channels)'", "every dimension >= 1"};
  using S = SingleStepCall<T>;
  RuleBuilder<S>(out, "conv_single_step")
      .fails("a_slice_null", null_pointer("a_slice"), [](S& c, Arena&) { c.a_slice = nullptr; })
      .fails("weights_null", null_pointer("weights"), [](S& c, Arena&) { c.weights = nullptr; })
      .fails("f_h_zero", slice_dims, [](S& c, Arena&) { c.f_h = 0; })
      .fails("f_w_negative", slice_dims, [](S& c, Arena&) { c.f_w = -2; })
      .fails("channels_zero", slice_dims, [](S& c, Arena&) { c.channels = 0; })
      .fails("count_exceeds_memory", {"'a_slice (f_h, f_w, channels)'", "fits in memory"},
             [](S& c, Arena&) { c.f_h = kHuge; })
      .fails(
          "z_null", null_pointer("z"), [](S& c, Arena&) { c.z = nullptr; }, Api::c_only)
      .fails("a_slice_size_mismatch", {"'a_slice_size'", "12 (f_h * f_w * channels)", "got 11"},
             [](S& c, Arena&) { c.a_slice_size = 11; }, Api::c_only)
      .fails("weights_size_mismatch", {"'weights_size'", "12 (f_h * f_w * channels)", "got 13"},
             [](S& c, Arena&) { c.weights_size = 13; }, Api::c_only)
      .fails(
          "z_inside_a_slice", overlap("z", "a_slice"), [](S& c, Arena&) { c.z = const_cast<T*>(c.a_slice) + 4; },
          Api::c_only)
      .fails(
          "z_inside_weights", overlap("z", "weights"), [](S& c, Arena&) { c.z = const_cast<T*>(c.weights); },
          Api::c_only);

  using M = MaskCall<T>;
  const std::vector<std::string> ties{"'ties'", "one of first (0), all (1)"};
  RuleBuilder<M>(out, "create_mask_from_window")
      .succeeds("ties_all", [](M& c, Arena&) { c.ties = TiePolicy::all; })
      .fails("x_null", null_pointer("x"), [](M& c, Arena&) { c.x.data = nullptr; })
      .fails("mask_null", null_pointer("mask"), [](M& c, Arena&) { c.mask.data = nullptr; })
      .fails("rows_zero", matrix_dims("x"), [](M& c, Arena&) { c.x.rows = c.mask.rows = 0; })
      .fails("cols_negative", matrix_dims("x"), [](M& c, Arena&) { c.x.cols = c.mask.cols = -4; })
      .fails(
          "mask_shape_mismatch", {"'mask'", "the shape of x (3, 4)", "got (4, 3)"},
          [](M& c, Arena&) {
            c.mask.rows = 4;
            c.mask.cols = 3;
          })
      .fails("ties_2", with(ties, "got value 2"), [](M& c, Arena&) { c.ties = static_cast<TiePolicy>(2); })
      .fails("ties_negative", ties, [](M& c, Arena&) { c.ties = static_cast<TiePolicy>(-1); })
      .fails("mask_overlaps_x", overlap("mask", "x"),
             [](M& c, Arena& a) {
               T* r = a.values<T>(15);
               c.x.data = r;
               c.mask.data = r + 3;
             })
      .fails("mask_is_x", overlap("mask", "x"), [](M& c, Arena&) { c.mask.data = const_cast<T*>(c.x.data); });

  using D = DistributeCall<T>;
  RuleBuilder<D>(out, "distribute_value")
      .fails("out_null", null_pointer("out"), [](D& c, Arena&) { c.out.data = nullptr; })
      .fails("rows_zero", matrix_dims("out"), [](D& c, Arena&) { c.out.rows = 0; })
      .fails("cols_negative", matrix_dims("out"), [](D& c, Arena&) { c.out.cols = -1; })
      .fails("count_overflows_int64", too_many_elements("out"), [](D& c, Arena&) { c.out.rows = c.out.cols = kHuge; });
}

}  // namespace

std::vector<Rule> seed_helper_rules() {
  std::vector<Rule> out;
  add<float>(out);
  add<double>(out);
  return out;
}

}  // namespace cnnkit::test::validation

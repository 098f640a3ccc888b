// Validation rules of cnnkit::pad / cnnkit_pad_*.
#include <limits>

#include "validation/c_abi_calls.hpp"
#include "validation/validation_rule.hpp"

namespace cnnkit::test::validation {
namespace {

template <class T>
struct PadCall {
  using Real = T;
  NhwcView<const T> x;
  NhwcView<T> y;
  Padding pad;
  T value = 0;

  // x (1, 2, 3, 2) padded top 1, bottom 1, right 1: y (1, 4, 4, 2).
  static PadCall baseline(Arena& a) {
    PadCall c;
    c.x = {a.values<T>(12), {1, 2, 3, 2}};
    c.y = {a.values<T>(32), {1, 4, 4, 2}};
    c.pad = {1, 1, 0, 1};
    return c;
  }
  void cpp() const { cnnkit::pad<T>(x, y, pad, value); }
  cnnkit_status c() const {
    return c_abi::pad<T>(nullptr, x.data, to_c(x.shape), y.data, to_c(y.shape), to_c(pad), value);
  }
};

template <class T>
void add(std::vector<Rule>& out) {
  using C = PadCall<T>;
  constexpr std::int64_t max = std::numeric_limits<std::int64_t>::max();
  const auto grown = std::vector<std::string>{"'y'", "(x grown by the padding)"};
  RuleBuilder<C>(out, "pad")
      .fails("x_null", null_pointer("x"), [](C& c, Arena&) { c.x.data = nullptr; })
      .fails("y_null", null_pointer("y"), [](C& c, Arena&) { c.y.data = nullptr; })
      .fails("x_n_zero", nhwc_dims("x"), [](C& c, Arena&) { c.x.shape.n = 0; })
      .fails("x_c_negative", nhwc_dims("x"), [](C& c, Arena&) { c.x.shape.c = -2; })
      .fails("x_count_overflows_int64", too_many_elements("x"),
             [](C& c, Arena&) {
               c.x.shape = {1 << 30, 1 << 30, 1 << 30, 2};
             })
      .fails("x_count_exceeds_memory", too_many_elements("x"),
             [](C& c, Arena&) {
               c.x.shape = {kHuge, 1, 1, 1};
             })
      .fails("y_w_zero", nhwc_dims("y"), [](C& c, Arena&) { c.y.shape.w = 0; })
      .fails("pad_top_negative", non_negative("pad.top"), [](C& c, Arena&) { c.pad.top = -1; })
      .fails("pad_bottom_negative", non_negative("pad.bottom"), [](C& c, Arena&) { c.pad.bottom = -1; })
      .fails("pad_left_negative", non_negative("pad.left"), [](C& c, Arena&) { c.pad.left = -3; })
      .fails("pad_right_negative", non_negative("pad.right"), [](C& c, Arena&) { c.pad.right = -1; })
      .fails("padded_height_overflows", {"pad.bottom", "overflows int64"}, [=](C& c, Arena&) { c.pad.bottom = max; })
      .fails("padded_width_overflows", {"pad.left", "overflows int64"}, [=](C& c, Arena&) { c.pad.left = max - 1; })
      .fails("y_n_mismatch", grown, [](C& c, Arena&) { c.y.shape.n = 2; })
      .fails("y_h_mismatch", grown, [](C& c, Arena&) { c.y.shape.h = 3; })
      .fails("y_w_mismatch", grown, [](C& c, Arena&) { c.y.shape.w = 5; })
      .fails("y_c_mismatch", grown, [](C& c, Arena&) { c.y.shape.c = 1; })
      .fails("y_overlaps_x", overlap("y", "x"),
             [](C& c, Arena& a) {
               T* r = a.values<T>(44);
               c.x.data = r + 20;
               c.y.data = r;
             })
      .fails("y_is_x", overlap("y", "x"), [](C& c, Arena&) { c.x.data = c.y.data; });
}

}  // namespace

std::vector<Rule> pad_rules() {
  std::vector<Rule> out;
  add<float>(out);
  add<double>(out);
  return out;
}

}  // namespace cnnkit::test::validation

// Validation rules of relu_forward / relu_backward (C++ API and C ABI). In place is allowed
// only as exact aliasing; a partial overlap is an error.
#include "validation/c_abi_calls.hpp"
#include "validation/validation_rule.hpp"

namespace cnnkit::test::validation {
namespace {

template <class T>
struct ForwardCall {
  using Real = T;
  VectorView<const T> x;
  VectorView<T> y;

  static ForwardCall baseline(Arena& a) { return {{a.values<T>(8), 8}, {a.values<T>(8), 8}}; }
  void cpp() const { relu_forward<T>(x, y); }
  cnnkit_status c() const { return c_abi::relu_forward<T>(nullptr, x.data, x.size, y.data, y.size); }
};

template <class T>
struct BackwardCall {
  using Real = T;
  VectorView<const T> x;
  VectorView<const T> dy;
  VectorView<T> dx;

  static BackwardCall baseline(Arena& a) { return {{a.values<T>(8), 8}, {a.values<T>(8), 8}, {a.values<T>(8), 8}}; }
  void cpp() const { relu_backward<T>(x, dy, dx); }
  cnnkit_status c() const { return c_abi::relu_backward<T>(nullptr, x.data, x.size, dy.data, dy.size, dx.data, dx.size);
  }
};

template <class T>
void add(std::vector<Rule>& out) {
  using F = ForwardCall<T>;
  RuleBuilder<F>(out, "relu_forward")
      .succeeds("in_place", [](F& c, Arena&) { c.y.data = const_cast<T*>(c.x.data); })
      .fails("x_null", null_pointer("x"), [](F& c, Arena&) { c.x.data = nullptr; })
      .fails("y_null", null_pointer("y"), [](F& c, Arena&) { c.y.data = nullptr; })
      .fails("size_zero", size_positive("x"), [](F& c, Arena&) { c.x.size = c.y.size = 0; })
      .fails("size_negative", size_positive("x"), [](F& c, Arena&) { c.x.size = c.y.size = -8; })
      .fails("size_exceeds_memory", {"'x'", "a size that fits in memory"},
             [](F& c, Arena&) { c.x.size = c.y.size = kHuge; })
      .fails(
          "y_size_mismatch", {"'y'", "size 8 (the size of x)", "got 7"}, [](F& c, Arena&) { c.y.size = 7; },
          Api::cpp_only)
      .fails(
          "y_size_mismatch_c", {"'y_size'", "8 (x_size)", "got 7"}, [](F& c, Arena&) { c.y.size = 7; }, Api::c_only)
      .fails("y_partially_overlaps_x", partial_overlap("y", "x"),
             [](F& c, Arena& a) {
               T* r = a.values<T>(9);
               c.x.data = r;
               c.y.data = r + 1;
             })
      .fails("y_overlaps_x_from_below", partial_overlap("y", "x"), [](F& c, Arena& a) {
        T* r = a.values<T>(15);
        c.x.data = r + 7;
        c.y.data = r;
      });

  using B = BackwardCall<T>;
  RuleBuilder<B>(out, "relu_backward")
      .succeeds("in_place_over_dy", [](B& c, Arena&) { c.dx.data = const_cast<T*>(c.dy.data); })
      .succeeds("in_place_over_x", [](B& c, Arena&) { c.dx.data = const_cast<T*>(c.x.data); })
      .fails("x_null", null_pointer("x"), [](B& c, Arena&) { c.x.data = nullptr; })
      .fails("dy_null", null_pointer("dy"), [](B& c, Arena&) { c.dy.data = nullptr; })
      .fails("dx_null", null_pointer("dx"), [](B& c, Arena&) { c.dx.data = nullptr; })
      .fails("size_zero", size_positive("x"), [](B& c, Arena&) { c.x.size = c.dy.size = c.dx.size = 0; })
      .fails(
          "dy_size_mismatch", {"'dy'", "size 8 (the size of x)"}, [](B& c, Arena&) { c.dy.size = 9; }, Api::cpp_only)
      .fails("dy_size_mismatch_c", {"'dy_size'", "8 (x_size)", "got 9"}, [](B& c, Arena&) { c.dy.size = 9; },
             Api::c_only)
      .fails(
          "dx_size_mismatch", {"'dx'", "size 8 (the size of x)"}, [](B& c, Arena&) { c.dx.size = 4; }, Api::cpp_only)
      .fails("dx_size_mismatch_c", {"'dx_size'", "8 (x_size)", "got 4"}, [](B& c, Arena&) { c.dx.size = 4; },
             Api::c_only)
      .fails("dx_partially_overlaps_dy", partial_overlap("dx", "dy"),
             [](B& c, Arena& a) {
               T* r = a.values<T>(10);
               c.dy.data = r;
               c.dx.data = r + 2;
             })
      .fails("dx_partially_overlaps_x", partial_overlap("dx", "x"), [](B& c, Arena& a) {
        T* r = a.values<T>(12);
        c.x.data = r + 4;
        c.dx.data = r;
      });
}

}  // namespace

std::vector<Rule> relu_rules() {
  std::vector<Rule> out;
  add<float>(out);
  add<double>(out);
  return out;
}

}  // namespace cnnkit::test::validation

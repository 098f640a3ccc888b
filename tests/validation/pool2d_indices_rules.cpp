// Validation rules of max pooling with saved indices: pool2d_forward with an indices output and
// pool2d_backward from indices (C++ API and C ABI; the rule names say _indices). The geometry and
// params rules they share with the plain calls are pool2d_rules.cpp's; these are the indices' own:
// shapes, nulls, overlaps, average mode, ties = all and the int32 plane limit. An index outside
// its window is reported after dx was written, so it is tested by the equivalence suite
// (pool2d_indices_test.cpp) and the C ABI tests, not here (failing rules must write nothing).
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

// h * w = 2^31 cells: one past what an int32 index can name.
constexpr NhwcShape kPlaneTooBig{1, std::int64_t{1} << 16, std::int64_t{1} << 15, 1};

template <class T>
struct ForwardCall {
  using Real = T;
  NhwcView<const T> x;
  NhwcView<T> y;
  NhwcView<std::int32_t> indices;
  Pool2dParams p;

  static ForwardCall baseline(Arena& a) {
    return {{a.values<T>(50), {1, 5, 5, 2}},
            {a.values<T>(18), {1, 3, 3, 2}},
            {a.values<std::int32_t>(18), {1, 3, 3, 2}},
            max_3x3_stride2_pad1()};
  }
  void cpp() const { pool2d_forward<T>(x, y, indices, p); }
  cnnkit_status c() const {
    const cnnkit_pool2d_params cp = to_c(p);
    return c_abi::pool2d_forward_indices<T>(nullptr, x.data, to_c(x.shape), y.data, to_c(y.shape), indices.data,
                                            to_c(indices.shape), &cp);
  }
};

// Indices that name each window's first real cell (valid for the baseline geometry).
std::int32_t* first_cells(Arena& a) {
  std::int32_t* p = a.values<std::int32_t>(18);
  for (int oh = 0; oh < 3; ++oh)
    for (int ow = 0; ow < 3; ++ow)
      for (int c = 0; c < 2; ++c) p[(oh * 3 + ow) * 2 + c] = (oh == 0 ? 0 : 2 * oh - 1) * 5 + (ow == 0 ? 0 : 2 * ow - 1);
  return p;
}

template <class T>
struct BackwardCall {
  using Real = T;
  NhwcView<const std::int32_t> indices;
  NhwcView<const T> dy;
  NhwcView<T> dx;
  Pool2dParams p;

  static BackwardCall baseline(Arena& a) {
    return {{first_cells(a), {1, 3, 3, 2}}, {a.values<T>(18), {1, 3, 3, 2}}, {a.values<T>(50), {1, 5, 5, 2}},
            max_3x3_stride2_pad1()};
  }
  void cpp() const { pool2d_backward<T>(indices, dy, dx, p); }
  cnnkit_status c() const {
    const cnnkit_pool2d_params cp = to_c(p);
    return c_abi::pool2d_backward_indices<T>(nullptr, indices.data, to_c(indices.shape), dy.data, to_c(dy.shape),
                                             dx.data, to_c(dx.shape), &cp);
  }
};

const std::vector<std::string> kAvg{"'params.mode'", "PoolMode::max (saved indices exist for max pooling only)",
                                    "got PoolMode::avg"};

template <class T>
void add_forward(std::vector<Rule>& out) {
  using C = ForwardCall<T>;
  const std::vector<std::string> y_shape{"'y'", "the pool2d output shape of x with these params"};
  RuleBuilder<C> b(out, "pool2d_forward_indices");
  b.fails("x_null", null_pointer("x"), [](C& c, Arena&) { c.x.data = nullptr; })
      .fails("y_null", null_pointer("y"), [](C& c, Arena&) { c.y.data = nullptr; })
      .fails("indices_null", null_pointer("indices"), [](C& c, Arena&) { c.indices.data = nullptr; })
      .fails("avg_mode", kAvg, [](C& c, Arena&) { c.p.mode = PoolMode::avg; })
      .succeeds("ties_all_is_irrelevant_forward", [](C& c, Arena&) { c.p.ties = TiePolicy::all; })
      .fails("y_h_mismatch", y_shape, [](C& c, Arena&) { c.y.shape.h = 2; })
      .fails(
          "indices_shape_mismatch", {"'indices'", "y's shape"}, [](C& c, Arena&) { c.indices.shape.c = 1; })
      .fails("indices_c_zero", nhwc_dims("indices"),
             [](C& c, Arena&) {
               c.indices.shape.c = 0;
             },
             Api::cpp_only)
      .fails("y_overlaps_x", overlap("y", "x"), [](C& c, Arena&) { c.y.data = const_cast<T*>(c.x.data) + 30; })
      .fails("indices_overlap_x", overlap("indices", "x"),
             [](C& c, Arena&) { c.indices.data = reinterpret_cast<std::int32_t*>(const_cast<T*>(c.x.data) + 40); })
      .fails("indices_overlap_y", overlap("indices", "y"),
             [](C& c, Arena&) { c.indices.data = reinterpret_cast<std::int32_t*>(c.y.data + 1); })
      .fails("plane_exceeds_int32", {"'x'", "an input plane of at most 2147483647 cells", "65536 x 32768"},
             [](C& c, Arena&) { c.x.shape = kPlaneTooBig; });
}

template <class T>
void add_backward(std::vector<Rule>& out) {
  using C = BackwardCall<T>;
  const std::vector<std::string> dy_shape{"'dy'", "the pool2d output shape of dx's shape with these params"};
  RuleBuilder<C> b(out, "pool2d_backward_indices");
  b.fails("indices_null", null_pointer("indices"), [](C& c, Arena&) { c.indices.data = nullptr; })
      .fails("dy_null", null_pointer("dy"), [](C& c, Arena&) { c.dy.data = nullptr; })
      .fails("dx_null", null_pointer("dx"), [](C& c, Arena&) { c.dx.data = nullptr; })
      .fails("avg_mode", kAvg, [](C& c, Arena&) { c.p.mode = PoolMode::avg; })
      .fails("ties_all", {"'params.ties'", "TiePolicy::first (one saved index names one winner", "got TiePolicy::all"},
             [](C& c, Arena&) { c.p.ties = TiePolicy::all; })
      .fails("dy_h_mismatch", dy_shape, [](C& c, Arena&) { c.dy.shape.h = 2; })
      .fails(
          "indices_shape_mismatch", {"'indices'", "dy's shape"}, [](C& c, Arena&) { c.indices.shape.w = 2; })
      .fails("dx_overlaps_dy", overlap("dx", "dy"),
             [](C& c, Arena& a) {
               T* r = a.values<T>(67);
               c.dy.data = r;
               c.dx.data = r + 17;
             })
      .fails("dx_overlaps_indices", overlap("dx", "indices"),
             [](C& c, Arena&) { c.dx.data = reinterpret_cast<T*>(const_cast<std::int32_t*>(c.indices.data)); })
      .fails("plane_exceeds_int32", {"'dx'", "an input plane of at most 2147483647 cells", "65536 x 32768"},
             [](C& c, Arena&) { c.dx.shape = kPlaneTooBig; });
}

}  // namespace

std::vector<Rule> pool2d_indices_rules() {
  std::vector<Rule> out;
  add_forward<float>(out);
  add_forward<double>(out);
  add_backward<float>(out);
  add_backward<double>(out);
  return out;
}

}  // namespace cnnkit::test::validation

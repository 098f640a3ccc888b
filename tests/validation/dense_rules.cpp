// Validation rules of the dense functions. The C ABI derives every shape from (m, n_in, n_out),
// so shape disagreements between arguments are C++-only rules; nulls, sizes and overlaps are
// checked through both APIs.
#include <limits>

#include "validation/c_abi_calls.hpp"
#include "validation/validation_rule.hpp"

namespace cnnkit::test::validation {
namespace {

// m = 3, n_in = 4, n_out = 5 throughout.
template <class T>
struct ForwardCall {
  using Real = T;
  MatrixView<const T> x, w;
  VectorView<const T> bias;
  MatrixView<T> y;

  static ForwardCall baseline(Arena& a) {
    return {{a.values<T>(12), 3, 4}, {a.values<T>(20), 4, 5}, {a.values<T>(5), 5}, {a.values<T>(15), 3, 5}};
  }
  void cpp() const { dense_forward<T>(x, w, bias, y); }
  cnnkit_status c() const {
    return c_abi::dense_forward<T>(nullptr, x.data, shape(x), w.data, shape(w), bias.data, bias.size, y.data, shape(y));
  }
};

template <class T>
struct DataCall {
  using Real = T;
  MatrixView<const T> dy, w;
  MatrixView<T> dx;

  static DataCall baseline(Arena& a) {
    return {{a.values<T>(15), 3, 5}, {a.values<T>(20), 4, 5}, {a.values<T>(12), 3, 4}};
  }
  void cpp() const { dense_backward_data<T>(dy, w, dx); }
  cnnkit_status c() const {
    return c_abi::dense_backward_data<T>(nullptr, w.data, shape(w), dy.data, shape(dy), dx.data, shape(dx));
  }
};

template <class T>
struct WeightsCall {
  using Real = T;
  MatrixView<const T> x, dy;
  MatrixView<T> dw;

  static WeightsCall baseline(Arena& a) {
    return {{a.values<T>(12), 3, 4}, {a.values<T>(15), 3, 5}, {a.values<T>(20), 4, 5}};
  }
  void cpp() const { dense_backward_weights<T>(x, dy, dw); }
  cnnkit_status c() const {
    return c_abi::dense_backward_weights<T>(nullptr, x.data, shape(x), dy.data, shape(dy), dw.data, shape(dw));
  }
};

template <class T>
struct BiasCall {
  using Real = T;
  MatrixView<const T> dy;
  VectorView<T> db;

  static BiasCall baseline(Arena& a) { return {{a.values<T>(15), 3, 5}, {a.values<T>(5), 5}}; }
  void cpp() const { dense_backward_bias<T>(dy, db); }
  cnnkit_status c() const { return c_abi::dense_backward_bias<T>(nullptr, dy.data, shape(dy), db.data, db.size); }
};

template <class T>
struct AllCall {
  using Real = T;
  MatrixView<const T> x, w, dy;
  MatrixView<T> dx, dw;
  VectorView<T> db;

  static AllCall baseline(Arena& a) {
    return {{a.values<T>(12), 3, 4}, {a.values<T>(20), 4, 5}, {a.values<T>(15), 3, 5},
            {a.values<T>(12), 3, 4}, {a.values<T>(20), 4, 5}, {a.values<T>(5), 5}};
  }
  void cpp() const { dense_backward<T>(x, w, dy, dx, dw, db); }
  cnnkit_status c() const {
    return c_abi::dense_backward<T>(nullptr, x.data, shape(x), w.data, shape(w), dy.data, shape(dy), dx.data,
                                    shape(dx), dw.data, shape(dw), db.data, db.size);
  }
};

template <class T>
void add_forward(std::vector<Rule>& out) {
  using C = ForwardCall<T>;
  RuleBuilder<C>(out, "dense_forward")
      .succeeds("no_bias", [](C& c, Arena&) { c.bias = {}; })
      .fails("x_null", null_pointer("x"), [](C& c, Arena&) { c.x.data = nullptr; })
      .fails("w_null", null_pointer("w"), [](C& c, Arena&) { c.w.data = nullptr; })
      .fails("y_null", null_pointer("y"), [](C& c, Arena&) { c.y.data = nullptr; })
      .fails("m_zero", matrix_dims("x"), [](C& c, Arena&) { c.x.rows = c.y.rows = 0; })
      .fails("n_in_negative", matrix_dims("x"), [](C& c, Arena&) { c.x.cols = c.w.rows = -4; })
      .fails("n_out_zero", matrix_dims("w"), [](C& c, Arena&) { c.w.cols = c.y.cols = 0; })
      .fails("x_count_overflows_int64", too_many_elements("x"), [](C& c, Arena&) { c.x.rows = c.y.rows = kHuge; })
      .fails(
          "w_rows_mismatch", {"'w'", "shape (4, 5) (rows = n_in, the columns of x)", "got (3, 5)"},
          [](C& c, Arena&) { c.w.rows = 3; })
      .fails(
          "y_rows_mismatch", {"'y'", "shape (3, 5) (m = the rows of x, n_out = the columns of w)"},
          [](C& c, Arena&) { c.y.rows = 2; })
      .fails(
          "y_cols_mismatch", {"'y'", "shape (3, 5)"}, [](C& c, Arena&) { c.y.cols = 4; })
      .fails(
          "bias_size_mismatch", {"'bias'", "size n_out = 5", "got 4"}, [](C& c, Arena&) { c.bias.size = 4; },
          Api::cpp_only)
      .fails("bias_size_mismatch_c", {"'bias_size'", "5 (w_shape.cols)", "got 4"},
             [](C& c, Arena&) { c.bias.size = 4; }, Api::c_only)
      .fails(
          "bias_null_with_size", {"'bias'", "an empty view for no bias, or non-null data"},
          [](C& c, Arena&) { c.bias.data = nullptr; })
      .fails("y_overlaps_x", overlap("y", "x"),
             [](C& c, Arena& a) {
               T* r = a.values<T>(20);
               c.x.data = r;
               c.y.data = r + 5;
             })
      .fails("y_overlaps_w", overlap("y", "w"), [](C& c, Arena&) { c.y.data = const_cast<T*>(c.w.data) + 5; })
      .fails("y_overlaps_bias", overlap("y", "bias"), [](C& c, Arena&) { c.bias.data = c.y.data + 10; });
}

template <class T>
void add_backward_parts(std::vector<Rule>& out) {
  using D = DataCall<T>;
  RuleBuilder<D>(out, "dense_backward_data")
      .fails("dy_null", null_pointer("dy"), [](D& c, Arena&) { c.dy.data = nullptr; })
      .fails("w_null", null_pointer("w"), [](D& c, Arena&) { c.w.data = nullptr; })
      .fails("dx_null", null_pointer("dx"), [](D& c, Arena&) { c.dx.data = nullptr; })
      .fails("m_zero", matrix_dims("dy"), [](D& c, Arena&) { c.dy.rows = c.dx.rows = 0; })
      .fails("n_in_zero", matrix_dims("w"), [](D& c, Arena&) { c.w.rows = c.dx.cols = 0; })
      .fails(
          "w_cols_mismatch", {"'w'", "(columns = n_out, the columns of dy)"}, [](D& c, Arena&) { c.w.cols = 4; })
      .fails(
          "dx_shape_mismatch", {"'dx'", "shape (3, 4) (m = the rows of dy, n_in = the rows of w)"},
          [](D& c, Arena&) { c.dx.cols = 5; })
      .fails(
          "dx_rows_mismatch", {"'dx'", "shape (3, 4)"}, [](D& c, Arena&) { c.dx.rows = 2; })
      .fails("dx_overlaps_dy", overlap("dx", "dy"), [](D& c, Arena&) { c.dx.data = const_cast<T*>(c.dy.data) + 3; })
      .fails("dx_overlaps_w", overlap("dx", "w"), [](D& c, Arena&) { c.dx.data = const_cast<T*>(c.w.data) + 8; });

  using W = WeightsCall<T>;
  RuleBuilder<W>(out, "dense_backward_weights")
      .fails("x_null", null_pointer("x"), [](W& c, Arena&) { c.x.data = nullptr; })
      .fails("dy_null", null_pointer("dy"), [](W& c, Arena&) { c.dy.data = nullptr; })
      .fails("dw_null", null_pointer("dw"), [](W& c, Arena&) { c.dw.data = nullptr; })
      .fails("n_out_negative", matrix_dims("dy"), [](W& c, Arena&) { c.dy.cols = c.dw.cols = -5; })
      .fails(
          "dy_rows_mismatch", {"'dy'", "(m = the rows of x)"}, [](W& c, Arena&) { c.dy.rows = 2; })
      .fails(
          "dw_shape_mismatch", {"'dw'", "shape (4, 5) (n_in = the columns of x, n_out = the columns of dy)"},
          [](W& c, Arena&) { c.dw.rows = 5; })
      .fails(
          "dw_cols_mismatch", {"'dw'", "shape (4, 5)"}, [](W& c, Arena&) { c.dw.cols = 4; })
      .fails("dw_overlaps_x", overlap("dw", "x"),
             [](W& c, Arena& a) {
               T* r = a.values<T>(24);
               c.x.data = r;
               c.dw.data = r + 4;
             })
      .fails("dw_overlaps_dy", overlap("dw", "dy"), [](W& c, Arena& a) {
        T* r = a.values<T>(30);
        c.dw.data = r;
        c.dy.data = r + 15;
      });

  using B = BiasCall<T>;
  RuleBuilder<B>(out, "dense_backward_bias")
      .fails("dy_null", null_pointer("dy"), [](B& c, Arena&) { c.dy.data = nullptr; })
      .fails("db_null", null_pointer("db"), [](B& c, Arena&) { c.db.data = nullptr; })
      .fails("m_zero", matrix_dims("dy"), [](B& c, Arena&) { c.dy.rows = 0; })
      .fails(
          "db_size_mismatch", {"'db'", "size n_out = 5 (the columns of dy)", "got 6"},
          [](B& c, Arena&) { c.db.size = 6; }, Api::cpp_only)
      .fails("db_size_mismatch_c", {"'db_size'", "5 (dy_shape.cols)", "got 6"}, [](B& c, Arena&) { c.db.size = 6; },
             Api::c_only)
      .fails("db_overlaps_dy", overlap("db", "dy"), [](B& c, Arena&) { c.db.data = const_cast<T*>(c.dy.data) + 10; });
}

template <class T>
void add_backward_all(std::vector<Rule>& out) {
  using C = AllCall<T>;
  RuleBuilder<C>(out, "dense_backward")
      .succeeds("dx_only", [](C& c, Arena&) { c.dw.data = c.db.data = nullptr; })
      .succeeds("dw_only", [](C& c, Arena&) { c.dx.data = c.db.data = nullptr; })
      .succeeds("db_only_without_x_and_w",
                [](C& c, Arena&) {
                  c.dx.data = c.dw.data = nullptr;
                  c.x.data = c.w.data = nullptr;
                })
      // Outputs left out may carry any shape: their counts must not be computed (the fuzzer's
      // finding: db alone with n_in = INT64_MAX overflowed m * n_in for the absent dx).
      .succeeds("db_only_n_in_int64_max",
                [](C& c, Arena&) {
                  constexpr std::int64_t max = std::numeric_limits<std::int64_t>::max();
                  c.dx.data = c.dw.data = nullptr;
                  c.x.data = c.w.data = nullptr;
                  c.x.cols = c.w.rows = c.dx.cols = c.dw.rows = max;
                })
      .succeeds(
          "dx_only_with_huge_absent_dw",
          [](C& c, Arena&) {
            constexpr std::int64_t max = std::numeric_limits<std::int64_t>::max();
            c.db.data = nullptr;
            c.dw = {nullptr, max, max};
            c.x = {nullptr, max, max};
          })
      .fails("no_output", {"'dx, dw, db'", "at least one non-null output"},
             [](C& c, Arena&) { c.dx.data = c.dw.data = c.db.data = nullptr; })
      .fails("dy_null", null_pointer("dy"), [](C& c, Arena&) { c.dy.data = nullptr; })
      .fails("x_null_with_dw", null_pointer("x"), [](C& c, Arena&) { c.x.data = nullptr; })
      .fails("w_null_with_dx", null_pointer("w"), [](C& c, Arena&) { c.w.data = nullptr; })
      .fails("w_null_with_dw_only", null_pointer("w"),
             [](C& c, Arena&) {
               c.dx.data = nullptr;
               c.w.data = nullptr;
             })
      .fails(
          "x_cols_mismatch", {"'x'", "shape (3, 4) (m = the rows of dy, n_in = the rows of w)"},
          [](C& c, Arena&) {
            c.dx.data = nullptr;
            c.x.cols = 3;
            c.dw.rows = 3;
          })
      // Everything is validated before anything runs: a bad db leaves dx and dw untouched.
      .fails(
          "db_size_mismatch", {"'db'", "size n_out = 5"}, [](C& c, Arena&) { c.db.size = 4; }, Api::cpp_only)
      .fails("db_size_mismatch_c", {"'db_size'", "5 (dy_shape.cols)", "got 4"}, [](C& c, Arena&) { c.db.size = 4; },
             Api::c_only)
      .fails(
          "dw_shape_mismatch", {"'dw'", "shape (4, 5)"}, [](C& c, Arena&) { c.dw.cols = 3; })
      .fails(
          "dx_shape_mismatch", {"'dx'", "shape (3, 4)"}, [](C& c, Arena&) { c.dx.rows = 4; })
      .fails("dx_overlaps_dw", overlap("dx", "dw"), [](C& c, Arena&) { c.dx.data = c.dw.data + 4; })
      .fails("dx_overlaps_db", overlap("dx", "db"), [](C& c, Arena&) { c.db.data = c.dx.data + 7; })
      .fails("dw_overlaps_db", overlap("dw", "db"), [](C& c, Arena&) { c.db.data = c.dw.data + 15; })
      .fails("dx_overlaps_dy", overlap("dx", "dy"), [](C& c, Arena&) { c.dx.data = const_cast<T*>(c.dy.data) + 1; })
      .fails("dw_overlaps_dy", overlap("dw", "dy"),
             [](C& c, Arena& a) {
               T* r = a.values<T>(25);
               c.dy.data = r;
               c.dw.data = r + 5;
             })
      .fails("db_overlaps_dy", overlap("db", "dy"), [](C& c, Arena&) { c.db.data = const_cast<T*>(c.dy.data) + 10; })
      // dx is written before dw reads x: dx over x would corrupt dw.
      .fails("dx_is_x", overlap("dx", "x"), [](C& c, Arena&) { c.dx.data = const_cast<T*>(c.x.data); })
      .fails("dw_overlaps_w", overlap("dw", "w"), [](C& c, Arena&) { c.dw.data = const_cast<T*>(c.w.data); })
      .fails("db_overlaps_x", overlap("db", "x"), [](C& c, Arena&) { c.db.data = const_cast<T*>(c.x.data) + 7; })
      .fails("db_overlaps_w", overlap("db", "w"), [](C& c, Arena&) { c.db.data = const_cast<T*>(c.w.data) + 15; });
}

}  // namespace

std::vector<Rule> dense_rules() {
  std::vector<Rule> out;
  add_forward<float>(out);
  add_forward<double>(out);
  add_backward_parts<float>(out);
  add_backward_parts<double>(out);
  add_backward_all<float>(out);
  add_backward_all<double>(out);
  return out;
}

}  // namespace cnnkit::test::validation

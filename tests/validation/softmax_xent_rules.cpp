// Validation rules of softmax_cross_entropy (probability and index labels). The C ABI returns
// the loss through a pointer, which brings C-only rules (null, overlapping another buffer).
#include <limits>
#include <type_traits>

#include "validation/c_abi_calls.hpp"
#include "validation/validation_rule.hpp"

namespace cnnkit::test::validation {
namespace {

// logits (3, 4); labels (3, 4) or three class indices; dlogits (3, 4) or absent.
template <class T>
struct ProbabilityCall {
  using Real = T;
  MatrixView<const T> logits, labels;
  MatrixView<T> dlogits;
  T* loss;  // C only: the C++ API returns the loss

  static ProbabilityCall baseline(Arena& a) {
    return {{a.values<T>(12), 3, 4}, {a.values<T>(12), 3, 4}, {a.values<T>(12), 3, 4}, a.values<T>(1)};
  }
  void cpp() const { softmax_cross_entropy<T>(logits, labels, dlogits); }
  cnnkit_status c() const {
    return c_abi::softmax_cross_entropy<T>(nullptr, logits.data, shape(logits), labels.data, shape(labels), loss,
                                           dlogits.data, shape(dlogits));
  }
};

template <class T>
struct IndexCall {
  using Real = T;
  MatrixView<const T> logits;
  VectorView<const std::int64_t> labels;
  MatrixView<T> dlogits;
  T* loss;

  static IndexCall baseline(Arena& a) {
    std::int64_t* labels = a.values<std::int64_t>(3);
    labels[0] = 0, labels[1] = 3, labels[2] = 1;
    return {{a.values<T>(12), 3, 4}, {labels, 3}, {a.values<T>(12), 3, 4}, a.values<T>(1)};
  }
  void cpp() const { softmax_cross_entropy<T>(logits, labels, dlogits); }
  cnnkit_status c() const {
    return c_abi::softmax_cross_entropy_index<T>(nullptr, logits.data, shape(logits), labels.data, labels.size, loss,
                                                 dlogits.data, shape(dlogits));
  }
};

// Rules about logits, dlogits and the C loss pointer, for both label kinds.
template <class Call>
void add_logits_rules(RuleBuilder<Call>& b) {
  using T = typename Call::Real;
  b.succeeds("loss_only", [](Call& c, Arena&) { c.dlogits = {}; })
      .fails("logits_null", null_pointer("logits"), [](Call& c, Arena&) { c.logits.data = nullptr; })
      .fails("rows_zero", matrix_dims("logits"), [](Call& c, Arena&) { c.logits.rows = 0; })
      .fails("classes_zero", matrix_dims("logits"), [](Call& c, Arena&) { c.logits.cols = 0; })
      .fails("classes_negative", matrix_dims("logits"), [](Call& c, Arena&) { c.logits.cols = -4; })
      .fails("logits_count_overflows_int64", too_many_elements("logits"),
             [](Call& c, Arena&) { c.logits.cols = kHuge; })
      .fails(
          "dlogits_shape_mismatch", {"'dlogits'", "the shape of logits (3, 4)", "got (3, 5)"},
          [](Call& c, Arena&) { c.dlogits.cols = 5; })
      .fails(
          "dlogits_rows_mismatch", {"'dlogits'", "the shape of logits (3, 4)", "got (2, 4)"},
          [](Call& c, Arena&) { c.dlogits.rows = 2; })
      .fails("dlogits_overlaps_logits", overlap("dlogits", "logits"),
             [](Call& c, Arena& a) {
               T* r = a.values<T>(13);
               c.logits.data = r;
               c.dlogits.data = r + 1;
             })
      .fails("dlogits_is_logits", overlap("dlogits", "logits"),
             [](Call& c, Arena&) { c.dlogits.data = const_cast<T*>(c.logits.data); })
      .fails(
          "loss_null", null_pointer("loss"), [](Call& c, Arena&) { c.loss = nullptr; }, Api::c_only)
      .fails(
          "loss_inside_dlogits", overlap("loss", "dlogits"), [](Call& c, Arena&) { c.loss = c.dlogits.data + 5; },
          Api::c_only)
      .fails(
          "loss_inside_logits", overlap("loss", "logits"),
          [](Call& c, Arena&) { c.loss = const_cast<T*>(c.logits.data) + 11; }, Api::c_only);
}

template <class T>
void add_probability(std::vector<Rule>& out) {
  using C = ProbabilityCall<T>;
  RuleBuilder<C> b(out, "softmax_cross_entropy");
  add_logits_rules(b);
  b.fails("labels_null", null_pointer("labels"), [](C& c, Arena&) { c.labels.data = nullptr; })
      .fails(
          "labels_rows_mismatch", {"'labels'", "the shape of logits (3, 4)", "got (2, 4)"},
          [](C& c, Arena&) { c.labels.rows = 2; })
      .fails(
          "labels_cols_mismatch", {"'labels'", "the shape of logits (3, 4)"}, [](C& c, Arena&) { c.labels.cols = 3; })
      .fails("dlogits_overlaps_labels", overlap("dlogits", "labels"),
             [](C& c, Arena& a) {
               T* r = a.values<T>(18);
               c.labels.data = r;
               c.dlogits.data = r + 6;
             })
      .fails(
          "loss_inside_labels", overlap("loss", "labels"), [](C& c, Arena&) { c.loss = const_cast<T*>(c.labels.data); },
          Api::c_only)
      // m * classes = 2^61: the C ABI sized the labels (2^61 * sizeof(T) bytes, overflowing int64)
      // before anything validated m. loss sits below logits, so only the size can be wrong.
      .fails("m_times_classes_2_61", too_many_elements("logits"), [](C& c, Arena& a) {
        T* r = a.values<T>(2);
        c.loss = r;
        c.logits = {r + 1, std::int64_t{1} << 31, std::int64_t{1} << 30};
        c.labels.rows = c.logits.rows;
        c.labels.cols = c.logits.cols;
        c.dlogits = {};
      });
}

template <class T>
void add_index(std::vector<Rule>& out) {
  using C = IndexCall<T>;
  RuleBuilder<C> b(out, "softmax_cross_entropy_index");
  add_logits_rules(b);
  b.fails("labels_null", null_pointer("labels"), [](C& c, Arena&) { c.labels.data = nullptr; })
      .fails(
          "labels_size_mismatch", {"'labels'", "size 3 (one class index per row of logits)", "got 2"},
          [](C& c, Arena&) { c.labels.size = 2; }, Api::cpp_only)
      .fails("labels_size_mismatch_c", {"'labels_size'", "3 (logits_shape.rows)", "got 2"},
             [](C& c, Arena&) { c.labels.size = 2; }, Api::c_only)
      .fails("label_negative", {"'labels[1]'", "a class index in [0, 4)", "got -1"},
             [](C& c, Arena&) { const_cast<std::int64_t*>(c.labels.data)[1] = -1; })
      .fails("label_equals_classes", {"'labels[2]'", "a class index in [0, 4)", "got 4"},
             [](C& c, Arena&) { const_cast<std::int64_t*>(c.labels.data)[2] = 4; })
      .fails(
          "label_huge", {"'labels[0]'", "a class index in [0, 4)"},
          [](C& c, Arena&) { const_cast<std::int64_t*>(c.labels.data)[0] = std::numeric_limits<std::int64_t>::max(); })
      // The labels live inside dlogits' memory (valid indices, so only the overlap is wrong).
      .fails("dlogits_overlaps_labels", overlap("dlogits", "labels"),
             [](C& c, Arena& a) {
               T* r = a.values<T>(12 + 8);
               auto* labels = reinterpret_cast<std::int64_t*>(r + 8);
               labels[0] = 0, labels[1] = 1, labels[2] = 2;
               c.labels.data = labels;
               c.dlogits.data = r;
             })
      .fails(
          "loss_inside_labels", overlap("loss", "labels"),
          [](C& c, Arena& a) {
            T* r = a.values<T>(8);
            auto* labels = reinterpret_cast<std::int64_t*>(r);
            labels[0] = 0, labels[1] = 1, labels[2] = 2;
            c.labels.data = labels;
            c.loss = r + 2;
          },
          Api::c_only)
      // m = 2^60 rows of one class: 2^60 float logits fit in memory, 2^60 int64 labels do not (and
      // m * 8 overflowed int64 in the C ABI before m was validated). double logits fail first.
      .fails("m_2_60", too_many_elements(std::is_same_v<T, float> ? "labels" : "logits"), [](C& c, Arena& a) {
        T* r = a.values<T>(2);
        c.loss = r;
        c.logits = {r + 1, std::int64_t{1} << 60, 1};
        c.labels.size = c.logits.rows;
        c.dlogits = {};
      });
}

}  // namespace

std::vector<Rule> softmax_xent_rules() {
  std::vector<Rule> out;
  add_probability<float>(out);
  add_probability<double>(out);
  add_index<float>(out);
  add_index<double>(out);
  return out;
}

}  // namespace cnnkit::test::validation

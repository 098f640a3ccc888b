// softmax_cross_entropy (probability-row labels and class-index labels): validation, dispatch.
#include <string>

#include "api/arg_check.hpp"
#include "api/instantiate.hpp"
#include "cnnkit/ops.hpp"
#include "core/run_variant.hpp"

namespace cnnkit {
namespace {

// Checks logits and the optional gradient output; returns the problem without the label kind.
template <class T>
ops::SoftmaxXentProblem logits_problem(const api::ArgCheck& check, MatrixView<const T> logits, MatrixView<T> dlogits) {
  check.not_null(logits.data, "logits");
  const std::int64_t n = check.elements(logits.rows, logits.cols, "logits", sizeof(T));
  if (dlogits.data) {
    if (dlogits.rows != logits.rows || dlogits.cols != logits.cols)
      check.fail("dlogits", "the shape of logits (" + std::to_string(logits.rows) + ", " +
                                std::to_string(logits.cols) + ")",
                 "(" + std::to_string(dlogits.rows) + ", " + std::to_string(dlogits.cols) + ")");
    check.no_overlap(dlogits.data, n, "dlogits", logits.data, n, "logits", sizeof(T));
  }
  return {logits.rows, logits.cols, false, dlogits.data != nullptr};
}

}  // namespace

template <Real T>
T softmax_cross_entropy(MatrixView<const NoDeduce<T>> logits, MatrixView<const NoDeduce<T>> labels,
                        MatrixView<T> dlogits, const Context& ctx) {
  const api::ArgCheck check("cnnkit::softmax_cross_entropy");
  ops::SoftmaxXentProblem p = logits_problem<T>(check, logits, dlogits);
  check.not_null(labels.data, "labels");
  if (labels.rows != logits.rows || labels.cols != logits.cols)
    check.fail("labels", "the shape of logits (" + std::to_string(logits.rows) + ", " + std::to_string(logits.cols) + ")",
               "(" + std::to_string(labels.rows) + ", " + std::to_string(labels.cols) + ")");
  const std::int64_t n = logits.rows * logits.cols;
  check.no_overlap(dlogits.data, n, "dlogits", labels.data, n, "labels", sizeof(T));
  T loss = 0;
  core::run_variant<ops::SoftmaxXentOp, T>(p, ctx, logits.data, labels.data, static_cast<const std::int64_t*>(nullptr),
                                           &loss, dlogits.data);
  return loss;
}

template <Real T>
T softmax_cross_entropy(MatrixView<const NoDeduce<T>> logits, VectorView<const std::int64_t> labels,
                        MatrixView<T> dlogits, const Context& ctx) {
  const api::ArgCheck check("cnnkit::softmax_cross_entropy");
  ops::SoftmaxXentProblem p = logits_problem<T>(check, logits, dlogits);
  p.index_labels = true;
  check.not_null(labels.data, "labels");
  if (labels.size != logits.rows)
    check.fail("labels", "size " + std::to_string(logits.rows) + " (one class index per row of logits)",
               std::to_string(labels.size));
  // The labels are wider than a float logit: m rows of float logits may fit in memory while m
  // int64 labels do not (m >= 2^60), so their byte count gets its own check before any use.
  const std::int64_t label_count = check.elements(labels.size, "labels", sizeof(std::int64_t));
  for (std::int64_t i = 0; i < labels.size; ++i)
    if (labels.data[i] < 0 || labels.data[i] >= logits.cols)
      check.fail("labels[" + std::to_string(i) + "]", "a class index in [0, " + std::to_string(logits.cols) + ")",
                 std::to_string(labels.data[i]));
  // In bytes (the element types differ); both counts are validated, so neither product overflows.
  check.no_overlap(dlogits.data, p.rows * p.classes * static_cast<std::int64_t>(sizeof(T)), "dlogits", labels.data,
                   label_count * static_cast<std::int64_t>(sizeof(std::int64_t)), "labels", 1);
  T loss = 0;
  core::run_variant<ops::SoftmaxXentOp, T>(p, ctx, logits.data, static_cast<const T*>(nullptr), labels.data, &loss,
                                           dlogits.data);
  return loss;
}

#define CNNKIT_INSTANTIATE(T)                                                                                 \
  template T softmax_cross_entropy<T>(MatrixView<const T>, MatrixView<const T>, MatrixView<T>, const Context&); \
  template T softmax_cross_entropy<T>(MatrixView<const T>, VectorView<const std::int64_t>, MatrixView<T>,     \
                                      const Context&);
CNNKIT_FOR_EACH_REAL(CNNKIT_INSTANTIATE)

}  // namespace cnnkit

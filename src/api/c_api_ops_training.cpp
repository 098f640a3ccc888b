// The C ABI of softmax cross-entropy and Adam. The loss comes back through a pointer here, so
// this layer checks that pointer (the C++ API returns the loss by value) and writes it last.
#include "api/c_api_support.hpp"
#include "cnnkit/ops.hpp"

namespace cnnkit::capi {
namespace {

// *loss is one more output: it must exist and must not overlap the other buffers. This runs
// before the C++ API has validated m and classes, so every size is in bytes from bytes_or_zero
// (checked products; 0 for a shape the C++ API then rejects). label_cols: classes for
// probability rows, 1 for class indices.
template <class T, class Label>
void check_loss(const api::ArgCheck& check, const T* loss, const T* logits, const Label* labels,
                std::int64_t label_cols, const T* dlogits, std::int64_t m, std::int64_t classes) {
  check.not_null(loss, "loss");
  const std::int64_t logit_bytes = bytes_or_zero(sizeof(T), m, classes);
  const std::int64_t label_bytes = bytes_or_zero(sizeof(Label), m, label_cols);
  const auto loss_bytes = static_cast<std::int64_t>(sizeof(T));
  check.no_overlap(loss, loss_bytes, "loss", logits, logit_bytes, "logits", 1);
  check.no_overlap(loss, loss_bytes, "loss", dlogits, logit_bytes, "dlogits", 1);
  check.no_overlap(loss, loss_bytes, "loss", labels, label_bytes, "labels", 1);
}

template <class T>
cnnkit_status softmax_cross_entropy_c(const char* function, const cnnkit_context* ctx, const T* logits, const T* labels,
                                      int64_t m, int64_t classes, T* loss, T* dlogits) {
  const api::ArgCheck check(function);
  return guarded([&] {
    check_loss(check, loss, logits, labels, classes, dlogits, m, classes);
    const T value =
        softmax_cross_entropy<T>(MatrixView<const T>(logits, m, classes), MatrixView<const T>(labels, m, classes),
                                 MatrixView<T>(dlogits, m, classes), context_or_global(ctx));
    *loss = value;
  });
}

template <class T>
cnnkit_status softmax_cross_entropy_index_c(const char* function, const cnnkit_context* ctx, const T* logits,
                                            const int64_t* labels, int64_t m, int64_t classes, T* loss, T* dlogits) {
  const api::ArgCheck check(function);
  return guarded([&] {
    check_loss(check, loss, logits, labels, 1, dlogits, m, classes);
    const T value =
        softmax_cross_entropy<T>(MatrixView<const T>(logits, m, classes), VectorView<const std::int64_t>(labels, m),
                                 MatrixView<T>(dlogits, m, classes), context_or_global(ctx));
    *loss = value;
  });
}

template <class T>
cnnkit_status adam_step_c(const char* function, const cnnkit_context* ctx, T* param, const T* grad, T* m, T* v,
                          int64_t count, const cnnkit_adam_params* params) {
  const api::ArgCheck check(function);
  return guarded([&] {
    adam_step<T>(VectorView<T>(param, count), VectorView<const T>(grad, count), VectorView<T>(m, count),
                 VectorView<T>(v, count), adam_params(check, params), context_or_global(ctx));
  });
}

}  // namespace
}  // namespace cnnkit::capi

using namespace cnnkit::capi;

extern "C" {

cnnkit_status cnnkit_softmax_cross_entropy_f32(const cnnkit_context* ctx, const float* logits, const float* labels,
                                               int64_t m, int64_t classes, float* loss, float* dlogits) {
  return softmax_cross_entropy_c(__func__, ctx, logits, labels, m, classes, loss, dlogits);
}
cnnkit_status cnnkit_softmax_cross_entropy_f64(const cnnkit_context* ctx, const double* logits, const double* labels,
                                               int64_t m, int64_t classes, double* loss, double* dlogits) {
  return softmax_cross_entropy_c(__func__, ctx, logits, labels, m, classes, loss, dlogits);
}

cnnkit_status cnnkit_softmax_cross_entropy_index_f32(const cnnkit_context* ctx, const float* logits,
                                                     const int64_t* labels, int64_t m, int64_t classes, float* loss,
                                                     float* dlogits) {
  return softmax_cross_entropy_index_c(__func__, ctx, logits, labels, m, classes, loss, dlogits);
}
cnnkit_status cnnkit_softmax_cross_entropy_index_f64(const cnnkit_context* ctx, const double* logits,
                                                     const int64_t* labels, int64_t m, int64_t classes, double* loss,
                                                     double* dlogits) {
  return softmax_cross_entropy_index_c(__func__, ctx, logits, labels, m, classes, loss, dlogits);
}

cnnkit_status cnnkit_adam_step_f32(const cnnkit_context* ctx, float* param, const float* grad, float* m, float* v,
                                   int64_t count, const cnnkit_adam_params* params) {
  return adam_step_c(__func__, ctx, param, grad, m, v, count, params);
}
cnnkit_status cnnkit_adam_step_f64(const cnnkit_context* ctx, double* param, const double* grad, double* m, double* v,
                                   int64_t count, const cnnkit_adam_params* params) {
  return adam_step_c(__func__, ctx, param, grad, m, v, count, params);
}

}  // extern "C"

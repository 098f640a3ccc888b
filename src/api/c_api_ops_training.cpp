// The C ABI of softmax cross-entropy and Adam. The loss comes back through a pointer here, so
// this layer checks that pointer (the C++ API returns the loss by value) and writes it last.
#include "api/c_api_support.hpp"
#include "cnnkit/ops.hpp"

namespace cnnkit::capi {
namespace {

// *loss is one more output: it must exist and must not overlap the other buffers. This runs
// before the C++ API has validated the shapes, so every extent is in bytes from bytes_or_zero
// (checked products; 0 for a shape the C++ API then rejects), each from the buffer's own shape.
template <class T, class Label>
void check_loss(const api::ArgCheck& check, const T* loss, const T* logits, cnnkit_matrix logits_shape,
                const Label* labels, cnnkit_matrix labels_shape, const T* dlogits, cnnkit_matrix dlogits_shape) {
  check.not_null(loss, "loss");
  const auto loss_bytes = static_cast<std::int64_t>(sizeof(T));
  check.no_overlap(loss, loss_bytes, "loss", logits, bytes_or_zero(sizeof(T), logits_shape.rows, logits_shape.cols),
                   "logits", 1);
  check.no_overlap(loss, loss_bytes, "loss", dlogits,
                   bytes_or_zero(sizeof(T), dlogits_shape.rows, dlogits_shape.cols), "dlogits", 1);
  check.no_overlap(loss, loss_bytes, "loss", labels,
                   bytes_or_zero(sizeof(Label), labels_shape.rows, labels_shape.cols), "labels", 1);
}

// The C++ API checks the labels' and dlogits' shapes against the logits' (a null dlogits is
// skipped with its shape).
template <class T>
cnnkit_status softmax_cross_entropy_c(const char* function, const cnnkit_context* ctx, const T* logits,
                                      cnnkit_matrix logits_shape, const T* labels, cnnkit_matrix labels_shape, T* loss,
                                      T* dlogits, cnnkit_matrix dlogits_shape) {
  const api::ArgCheck check(function);
  return guarded([&] {
    check_loss(check, loss, logits, logits_shape, labels, labels_shape, dlogits, dlogits_shape);
    const T value = softmax_cross_entropy<T>(matrix(logits, logits_shape), matrix(labels, labels_shape),
                                             matrix(dlogits, dlogits_shape), context_or_global(ctx));
    *loss = value;
  });
}

template <class T>
cnnkit_status softmax_cross_entropy_index_c(const char* function, const cnnkit_context* ctx, const T* logits,
                                            cnnkit_matrix logits_shape, const int64_t* labels, int64_t labels_size,
                                            T* loss, T* dlogits, cnnkit_matrix dlogits_shape) {
  const api::ArgCheck check(function);
  return guarded([&] {
    check_size(check, labels_size, logits_shape.rows, sizeof(std::int64_t), "labels_size", "logits_shape.rows");
    check_loss(check, loss, logits, logits_shape, labels, cnnkit_matrix{labels_size, 1}, dlogits, dlogits_shape);
    const T value = softmax_cross_entropy<T>(matrix(logits, logits_shape),
                                             VectorView<const std::int64_t>(labels, labels_size),
                                             matrix(dlogits, dlogits_shape), context_or_global(ctx));
    *loss = value;
  });
}

template <class T>
cnnkit_status adam_step_c(const char* function, const cnnkit_context* ctx, T* param, int64_t param_size,
                          const T* grad, int64_t grad_size, T* m, int64_t m_size, T* v, int64_t v_size,
                          const cnnkit_adam_params* params) {
  const api::ArgCheck check(function);
  return guarded([&] {
    check_size(check, grad_size, param_size, sizeof(T), "grad_size", "param_size");
    check_size(check, m_size, param_size, sizeof(T), "m_size", "param_size");
    check_size(check, v_size, param_size, sizeof(T), "v_size", "param_size");
    adam_step<T>(VectorView<T>(param, param_size), VectorView<const T>(grad, grad_size), VectorView<T>(m, m_size),
                 VectorView<T>(v, v_size), adam_params(check, params), context_or_global(ctx));
  });
}

}  // namespace
}  // namespace cnnkit::capi

using namespace cnnkit::capi;

extern "C" {

cnnkit_status cnnkit_softmax_cross_entropy_f32(const cnnkit_context* ctx, const float* logits,
                                               cnnkit_matrix logits_shape, const float* labels,
                                               cnnkit_matrix labels_shape, float* loss, float* dlogits,
                                               cnnkit_matrix dlogits_shape) {
  return softmax_cross_entropy_c(__func__, ctx, logits, logits_shape, labels, labels_shape, loss, dlogits,
                                 dlogits_shape);
}
cnnkit_status cnnkit_softmax_cross_entropy_f64(const cnnkit_context* ctx, const double* logits,
                                               cnnkit_matrix logits_shape, const double* labels,
                                               cnnkit_matrix labels_shape, double* loss, double* dlogits,
                                               cnnkit_matrix dlogits_shape) {
  return softmax_cross_entropy_c(__func__, ctx, logits, logits_shape, labels, labels_shape, loss, dlogits,
                                 dlogits_shape);
}

cnnkit_status cnnkit_softmax_cross_entropy_index_f32(const cnnkit_context* ctx, const float* logits,
                                                     cnnkit_matrix logits_shape, const int64_t* labels,
                                                     int64_t labels_size, float* loss, float* dlogits,
                                                     cnnkit_matrix dlogits_shape) {
  return softmax_cross_entropy_index_c(__func__, ctx, logits, logits_shape, labels, labels_size, loss, dlogits,
                                       dlogits_shape);
}
cnnkit_status cnnkit_softmax_cross_entropy_index_f64(const cnnkit_context* ctx, const double* logits,
                                                     cnnkit_matrix logits_shape, const int64_t* labels,
                                                     int64_t labels_size, double* loss, double* dlogits,
                                                     cnnkit_matrix dlogits_shape) {
  return softmax_cross_entropy_index_c(__func__, ctx, logits, logits_shape, labels, labels_size, loss, dlogits,
                                       dlogits_shape);
}

cnnkit_status cnnkit_adam_step_f32(const cnnkit_context* ctx, float* param, int64_t param_size, const float* grad,
                                   int64_t grad_size, float* m, int64_t m_size, float* v, int64_t v_size,
                                   const cnnkit_adam_params* params) {
  return adam_step_c(__func__, ctx, param, param_size, grad, grad_size, m, m_size, v, v_size, params);
}
cnnkit_status cnnkit_adam_step_f64(const cnnkit_context* ctx, double* param, int64_t param_size, const double* grad,
                                   int64_t grad_size, double* m, int64_t m_size, double* v, int64_t v_size,
                                   const cnnkit_adam_params* params) {
  return adam_step_c(__func__, ctx, param, param_size, grad, grad_size, m, m_size, v, v_size, params);
}

}  // extern "C"

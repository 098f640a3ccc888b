// The C ABI of the dense functions: every matrix shape comes from (m, n_in, n_out), so the C++
// API's shape-consistency checks always pass here; nulls, sizes and overlaps are still checked.
#include "api/c_api_support.hpp"
#include "cnnkit/ops.hpp"

namespace cnnkit::capi {
namespace {

template <class T>
cnnkit_status dense_forward_c(const cnnkit_context* ctx, const T* x, const T* w, const T* bias, T* y, int64_t m,
                              int64_t n_in, int64_t n_out) {
  return guarded([&] {
    dense_forward<T>(MatrixView<const T>(x, m, n_in), MatrixView<const T>(w, n_in, n_out),
                     VectorView<const T>(bias, bias ? n_out : 0), MatrixView<T>(y, m, n_out), context_or_global(ctx));
  });
}

template <class T>
cnnkit_status dense_backward_data_c(const cnnkit_context* ctx, const T* dy, const T* w, T* dx, int64_t m, int64_t n_in,
                                    int64_t n_out) {
  return guarded([&] {
    dense_backward_data<T>(MatrixView<const T>(dy, m, n_out), MatrixView<const T>(w, n_in, n_out),
                           MatrixView<T>(dx, m, n_in), context_or_global(ctx));
  });
}

template <class T>
cnnkit_status dense_backward_weights_c(const cnnkit_context* ctx, const T* x, const T* dy, T* dw, int64_t m,
                                       int64_t n_in, int64_t n_out) {
  return guarded([&] {
    dense_backward_weights<T>(MatrixView<const T>(x, m, n_in), MatrixView<const T>(dy, m, n_out),
                              MatrixView<T>(dw, n_in, n_out), context_or_global(ctx));
  });
}

template <class T>
cnnkit_status dense_backward_bias_c(const cnnkit_context* ctx, const T* dy, T* db, int64_t m, int64_t n_out) {
  return guarded([&] {
    dense_backward_bias<T>(MatrixView<const T>(dy, m, n_out), VectorView<T>(db, n_out), context_or_global(ctx));
  });
}

template <class T>
cnnkit_status dense_backward_c(const cnnkit_context* ctx, const T* x, const T* w, const T* dy, T* dx, T* dw, T* db,
                               int64_t m, int64_t n_in, int64_t n_out) {
  return guarded([&] {
    dense_backward<T>(MatrixView<const T>(x, m, n_in), MatrixView<const T>(w, n_in, n_out),
                      MatrixView<const T>(dy, m, n_out), MatrixView<T>(dx, m, n_in), MatrixView<T>(dw, n_in, n_out),
                      VectorView<T>(db, n_out), context_or_global(ctx));
  });
}

}  // namespace
}  // namespace cnnkit::capi

using namespace cnnkit::capi;

extern "C" {

cnnkit_status cnnkit_dense_forward_f32(const cnnkit_context* ctx, const float* x, const float* w, const float* bias,
                                       float* y, int64_t m, int64_t n_in, int64_t n_out) {
  return dense_forward_c(ctx, x, w, bias, y, m, n_in, n_out);
}
cnnkit_status cnnkit_dense_forward_f64(const cnnkit_context* ctx, const double* x, const double* w, const double* bias,
                                       double* y, int64_t m, int64_t n_in, int64_t n_out) {
  return dense_forward_c(ctx, x, w, bias, y, m, n_in, n_out);
}

cnnkit_status cnnkit_dense_backward_data_f32(const cnnkit_context* ctx, const float* dy, const float* w, float* dx,
                                             int64_t m, int64_t n_in, int64_t n_out) {
  return dense_backward_data_c(ctx, dy, w, dx, m, n_in, n_out);
}
cnnkit_status cnnkit_dense_backward_data_f64(const cnnkit_context* ctx, const double* dy, const double* w, double* dx,
                                             int64_t m, int64_t n_in, int64_t n_out) {
  return dense_backward_data_c(ctx, dy, w, dx, m, n_in, n_out);
}

cnnkit_status cnnkit_dense_backward_weights_f32(const cnnkit_context* ctx, const float* x, const float* dy, float* dw,
                                                int64_t m, int64_t n_in, int64_t n_out) {
  return dense_backward_weights_c(ctx, x, dy, dw, m, n_in, n_out);
}
cnnkit_status cnnkit_dense_backward_weights_f64(const cnnkit_context* ctx, const double* x, const double* dy,
                                                double* dw, int64_t m, int64_t n_in, int64_t n_out) {
  return dense_backward_weights_c(ctx, x, dy, dw, m, n_in, n_out);
}

cnnkit_status cnnkit_dense_backward_bias_f32(const cnnkit_context* ctx, const float* dy, float* db, int64_t m,
                                             int64_t n_out) {
  return dense_backward_bias_c(ctx, dy, db, m, n_out);
}
cnnkit_status cnnkit_dense_backward_bias_f64(const cnnkit_context* ctx, const double* dy, double* db, int64_t m,
                                             int64_t n_out) {
  return dense_backward_bias_c(ctx, dy, db, m, n_out);
}

cnnkit_status cnnkit_dense_backward_f32(const cnnkit_context* ctx, const float* x, const float* w, const float* dy,
                                        float* dx, float* dw, float* db, int64_t m, int64_t n_in, int64_t n_out) {
  return dense_backward_c(ctx, x, w, dy, dx, dw, db, m, n_in, n_out);
}
cnnkit_status cnnkit_dense_backward_f64(const cnnkit_context* ctx, const double* x, const double* w, const double* dy,
                                        double* dx, double* dw, double* db, int64_t m, int64_t n_in, int64_t n_out) {
  return dense_backward_c(ctx, x, w, dy, dx, dw, db, m, n_in, n_out);
}

}  // extern "C"

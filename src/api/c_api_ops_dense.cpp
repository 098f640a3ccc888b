// The C ABI of the dense functions: every matrix comes with its cnnkit_matrix shape, which the
// C++ API checks against the others (naming the matrix); vector counts are checked here (naming
// the count). A NULL output of dense_backward is skipped: its shape is ignored.
#include "api/c_api_support.hpp"
#include "cnnkit/ops.hpp"

namespace cnnkit::capi {
namespace {

template <class T>
cnnkit_status dense_forward_c(const char* function, const cnnkit_context* ctx, const T* x, cnnkit_matrix x_shape,
                              const T* w, cnnkit_matrix w_shape, const T* bias, int64_t bias_size, T* y,
                              cnnkit_matrix y_shape) {
  const api::ArgCheck check(function);
  return guarded([&] {
    check_optional_size(check, bias, bias_size, w_shape.cols, sizeof(T), "bias_size", "w_shape.cols");
    dense_forward<T>(matrix(x, x_shape), matrix(w, w_shape), VectorView<const T>(bias, bias_size), matrix(y, y_shape),
                     context_or_global(ctx));
  });
}

template <class T>
cnnkit_status dense_backward_data_c(const cnnkit_context* ctx, const T* w, cnnkit_matrix w_shape, const T* dy,
                                    cnnkit_matrix dy_shape, T* dx, cnnkit_matrix dx_shape) {
  return guarded([&] {
    dense_backward_data<T>(matrix(dy, dy_shape), matrix(w, w_shape), matrix(dx, dx_shape), context_or_global(ctx));
  });
}

template <class T>
cnnkit_status dense_backward_weights_c(const cnnkit_context* ctx, const T* x, cnnkit_matrix x_shape, const T* dy,
                                       cnnkit_matrix dy_shape, T* dw, cnnkit_matrix dw_shape) {
  return guarded([&] {
    dense_backward_weights<T>(matrix(x, x_shape), matrix(dy, dy_shape), matrix(dw, dw_shape), context_or_global(ctx));
  });
}

template <class T>
cnnkit_status dense_backward_bias_c(const char* function, const cnnkit_context* ctx, const T* dy,
                                    cnnkit_matrix dy_shape, T* db, int64_t db_size) {
  const api::ArgCheck check(function);
  return guarded([&] {
    check_size(check, db_size, dy_shape.cols, sizeof(T), "db_size", "dy_shape.cols");
    dense_backward_bias<T>(matrix(dy, dy_shape), VectorView<T>(db, db_size), context_or_global(ctx));
  });
}

template <class T>
cnnkit_status dense_backward_c(const char* function, const cnnkit_context* ctx, const T* x, cnnkit_matrix x_shape,
                               const T* w, cnnkit_matrix w_shape, const T* dy, cnnkit_matrix dy_shape, T* dx,
                               cnnkit_matrix dx_shape, T* dw, cnnkit_matrix dw_shape, T* db, int64_t db_size) {
  const api::ArgCheck check(function);
  return guarded([&] {
    check_optional_size(check, db, db_size, dy_shape.cols, sizeof(T), "db_size", "dy_shape.cols");
    // The C++ API ignores the shape of a skipped (null) output.
    dense_backward<T>(matrix(x, x_shape), matrix(w, w_shape), matrix(dy, dy_shape), matrix(dx, dx_shape),
                      matrix(dw, dw_shape), VectorView<T>(db, db_size),
                      context_or_global(ctx));
  });
}

}  // namespace
}  // namespace cnnkit::capi

using namespace cnnkit::capi;

extern "C" {

cnnkit_status cnnkit_dense_forward_f32(const cnnkit_context* ctx, const float* x, cnnkit_matrix x_shape, const float* w,
                                       cnnkit_matrix w_shape, const float* bias, int64_t bias_size, float* y,
                                       cnnkit_matrix y_shape) {
  return dense_forward_c(__func__, ctx, x, x_shape, w, w_shape, bias, bias_size, y, y_shape);
}
cnnkit_status cnnkit_dense_forward_f64(const cnnkit_context* ctx, const double* x, cnnkit_matrix x_shape,
                                       const double* w, cnnkit_matrix w_shape, const double* bias, int64_t bias_size,
                                       double* y, cnnkit_matrix y_shape) {
  return dense_forward_c(__func__, ctx, x, x_shape, w, w_shape, bias, bias_size, y, y_shape);
}

cnnkit_status cnnkit_dense_backward_data_f32(const cnnkit_context* ctx, const float* w, cnnkit_matrix w_shape,
                                             const float* dy, cnnkit_matrix dy_shape, float* dx,
                                             cnnkit_matrix dx_shape) {
  return dense_backward_data_c(ctx, w, w_shape, dy, dy_shape, dx, dx_shape);
}
cnnkit_status cnnkit_dense_backward_data_f64(const cnnkit_context* ctx, const double* w, cnnkit_matrix w_shape,
                                             const double* dy, cnnkit_matrix dy_shape, double* dx,
                                             cnnkit_matrix dx_shape) {
  return dense_backward_data_c(ctx, w, w_shape, dy, dy_shape, dx, dx_shape);
}

cnnkit_status cnnkit_dense_backward_weights_f32(const cnnkit_context* ctx, const float* x, cnnkit_matrix x_shape,
                                                const float* dy, cnnkit_matrix dy_shape, float* dw,
                                                cnnkit_matrix dw_shape) {
  return dense_backward_weights_c(ctx, x, x_shape, dy, dy_shape, dw, dw_shape);
}
cnnkit_status cnnkit_dense_backward_weights_f64(const cnnkit_context* ctx, const double* x, cnnkit_matrix x_shape,
                                                const double* dy, cnnkit_matrix dy_shape, double* dw,
                                                cnnkit_matrix dw_shape) {
  return dense_backward_weights_c(ctx, x, x_shape, dy, dy_shape, dw, dw_shape);
}

cnnkit_status cnnkit_dense_backward_bias_f32(const cnnkit_context* ctx, const float* dy, cnnkit_matrix dy_shape,
                                             float* db, int64_t db_size) {
  return dense_backward_bias_c(__func__, ctx, dy, dy_shape, db, db_size);
}
cnnkit_status cnnkit_dense_backward_bias_f64(const cnnkit_context* ctx, const double* dy, cnnkit_matrix dy_shape,
                                             double* db, int64_t db_size) {
  return dense_backward_bias_c(__func__, ctx, dy, dy_shape, db, db_size);
}

cnnkit_status cnnkit_dense_backward_f32(const cnnkit_context* ctx, const float* x, cnnkit_matrix x_shape,
                                        const float* w, cnnkit_matrix w_shape, const float* dy,
                                        cnnkit_matrix dy_shape, float* dx, cnnkit_matrix dx_shape, float* dw,
                                        cnnkit_matrix dw_shape, float* db, int64_t db_size) {
  return dense_backward_c(__func__, ctx, x, x_shape, w, w_shape, dy, dy_shape, dx, dx_shape, dw, dw_shape, db,
                          db_size);
}
cnnkit_status cnnkit_dense_backward_f64(const cnnkit_context* ctx, const double* x, cnnkit_matrix x_shape,
                                        const double* w, cnnkit_matrix w_shape, const double* dy,
                                        cnnkit_matrix dy_shape, double* dx, cnnkit_matrix dx_shape, double* dw,
                                        cnnkit_matrix dw_shape, double* db, int64_t db_size) {
  return dense_backward_c(__func__, ctx, x, x_shape, w, w_shape, dy, dy_shape, dx, dx_shape, dw, dw_shape, db,
                          db_size);
}

}  // extern "C"

// The C ABI of pad and the convolution functions (the four ops, the forward epilogue, the fused
// backward weights + bias): views over the caller's pointers, then
// the C++ API (which validates everything but the vector counts, checked here). conv2d params
// may be NULL (the defaults).
#include "api/c_api_support.hpp"
#include "cnnkit/ops.hpp"

namespace cnnkit::capi {
namespace {

template <class T>
cnnkit_status pad_c(const cnnkit_context* ctx, const T* x, cnnkit_nhwc x_shape, T* y, cnnkit_nhwc y_shape,
                    cnnkit_padding padding, T value) {
  return guarded([&] {
    pad<T>(NhwcView<const T>(x, to_cpp(x_shape)), NhwcView<T>(y, to_cpp(y_shape)), to_cpp(padding), value,
           context_or_global(ctx));
  });
}

// The C epilogue int passes through as Conv2dEpilogue: the C++ op rejects unknown values.
template <class T>
cnnkit_status conv2d_forward_c(const char* function, const cnnkit_context* ctx, const T* x, cnnkit_nhwc x_shape,
                               const T* w, cnnkit_hwio w_shape, const T* bias, int64_t bias_size, T* y,
                               cnnkit_nhwc y_shape, const cnnkit_conv2d_params* params,
                               int32_t epilogue = CNNKIT_EPILOGUE_NONE) {
  const api::ArgCheck check(function);
  return guarded([&] {
    check_optional_size(check, bias, bias_size, w_shape.c_out, sizeof(T), "bias_size", "w_shape.c_out");
    conv2d_forward<T>(NhwcView<const T>(x, to_cpp(x_shape)), HwioView<const T>(w, to_cpp(w_shape)),
                      VectorView<const T>(bias, bias_size), NhwcView<T>(y, to_cpp(y_shape)),
                      conv2d_params(params), static_cast<Conv2dEpilogue>(epilogue), context_or_global(ctx));
  });
}

template <class T>
cnnkit_status conv2d_backward_weights_bias_c(const char* function, const cnnkit_context* ctx, const T* x,
                                             cnnkit_nhwc x_shape, const T* dy, cnnkit_nhwc dy_shape, T* dw,
                                             cnnkit_hwio dw_shape, T* db, int64_t db_size,
                                             const cnnkit_conv2d_params* params) {
  const api::ArgCheck check(function);
  return guarded([&] {
    check_size(check, db_size, dy_shape.c, sizeof(T), "db_size", "dy_shape.c");
    conv2d_backward_weights_bias<T>(NhwcView<const T>(x, to_cpp(x_shape)), NhwcView<const T>(dy, to_cpp(dy_shape)),
                                    HwioView<T>(dw, to_cpp(dw_shape)), VectorView<T>(db, db_size),
                                    conv2d_params(params), context_or_global(ctx));
  });
}

template <class T>
cnnkit_status conv2d_backward_data_c(const cnnkit_context* ctx, const T* w, cnnkit_hwio w_shape, const T* dy,
                                     cnnkit_nhwc dy_shape, T* dx, cnnkit_nhwc dx_shape,
                                     const cnnkit_conv2d_params* params) {
  return guarded([&] {
    conv2d_backward_data<T>(NhwcView<const T>(dy, to_cpp(dy_shape)), HwioView<const T>(w, to_cpp(w_shape)),
                            NhwcView<T>(dx, to_cpp(dx_shape)), conv2d_params(params), context_or_global(ctx));
  });
}

template <class T>
cnnkit_status conv2d_backward_weights_c(const cnnkit_context* ctx, const T* x, cnnkit_nhwc x_shape, const T* dy,
                                        cnnkit_nhwc dy_shape, T* dw, cnnkit_hwio dw_shape,
                                        const cnnkit_conv2d_params* params) {
  return guarded([&] {
    conv2d_backward_weights<T>(NhwcView<const T>(x, to_cpp(x_shape)), NhwcView<const T>(dy, to_cpp(dy_shape)),
                               HwioView<T>(dw, to_cpp(dw_shape)), conv2d_params(params), context_or_global(ctx));
  });
}

template <class T>
cnnkit_status conv2d_backward_bias_c(const char* function, const cnnkit_context* ctx, const T* dy,
                                     cnnkit_nhwc dy_shape, T* db, int64_t db_size) {
  const api::ArgCheck check(function);
  return guarded([&] {
    check_size(check, db_size, dy_shape.c, sizeof(T), "db_size", "dy_shape.c");
    conv2d_backward_bias<T>(NhwcView<const T>(dy, to_cpp(dy_shape)), VectorView<T>(db, db_size),
                            context_or_global(ctx));
  });
}

}  // namespace
}  // namespace cnnkit::capi

using namespace cnnkit::capi;

extern "C" {

cnnkit_status cnnkit_pad_f32(const cnnkit_context* ctx, const float* x, cnnkit_nhwc x_shape, float* y,
                             cnnkit_nhwc y_shape, cnnkit_padding pad, float value) {
  return pad_c(ctx, x, x_shape, y, y_shape, pad, value);
}
cnnkit_status cnnkit_pad_f64(const cnnkit_context* ctx, const double* x, cnnkit_nhwc x_shape, double* y,
                             cnnkit_nhwc y_shape, cnnkit_padding pad, double value) {
  return pad_c(ctx, x, x_shape, y, y_shape, pad, value);
}

cnnkit_status cnnkit_conv2d_forward_f32(const cnnkit_context* ctx, const float* x, cnnkit_nhwc x_shape, const float* w,
                                        cnnkit_hwio w_shape, const float* bias, int64_t bias_size, float* y,
                                        cnnkit_nhwc y_shape, const cnnkit_conv2d_params* params) {
  return conv2d_forward_c(__func__, ctx, x, x_shape, w, w_shape, bias, bias_size, y, y_shape, params);
}
cnnkit_status cnnkit_conv2d_forward_f64(const cnnkit_context* ctx, const double* x, cnnkit_nhwc x_shape,
                                        const double* w, cnnkit_hwio w_shape, const double* bias, int64_t bias_size,
                                        double* y, cnnkit_nhwc y_shape, const cnnkit_conv2d_params* params) {
  return conv2d_forward_c(__func__, ctx, x, x_shape, w, w_shape, bias, bias_size, y, y_shape, params);
}

cnnkit_status cnnkit_conv2d_forward_epilogue_f32(const cnnkit_context* ctx, const float* x, cnnkit_nhwc x_shape,
                                                 const float* w, cnnkit_hwio w_shape, const float* bias,
                                                 int64_t bias_size, float* y, cnnkit_nhwc y_shape,
                                                 const cnnkit_conv2d_params* params, int32_t epilogue) {
  return conv2d_forward_c(__func__, ctx, x, x_shape, w, w_shape, bias, bias_size, y, y_shape, params, epilogue);
}
cnnkit_status cnnkit_conv2d_forward_epilogue_f64(const cnnkit_context* ctx, const double* x, cnnkit_nhwc x_shape,
                                                 const double* w, cnnkit_hwio w_shape, const double* bias,
                                                 int64_t bias_size, double* y, cnnkit_nhwc y_shape,
                                                 const cnnkit_conv2d_params* params, int32_t epilogue) {
  return conv2d_forward_c(__func__, ctx, x, x_shape, w, w_shape, bias, bias_size, y, y_shape, params, epilogue);
}

cnnkit_status cnnkit_conv2d_backward_data_f32(const cnnkit_context* ctx, const float* w, cnnkit_hwio w_shape,
                                              const float* dy, cnnkit_nhwc dy_shape, float* dx, cnnkit_nhwc dx_shape,
                                              const cnnkit_conv2d_params* params) {
  return conv2d_backward_data_c(ctx, w, w_shape, dy, dy_shape, dx, dx_shape, params);
}
cnnkit_status cnnkit_conv2d_backward_data_f64(const cnnkit_context* ctx, const double* w, cnnkit_hwio w_shape,
                                              const double* dy, cnnkit_nhwc dy_shape, double* dx,
                                              cnnkit_nhwc dx_shape, const cnnkit_conv2d_params* params) {
  return conv2d_backward_data_c(ctx, w, w_shape, dy, dy_shape, dx, dx_shape, params);
}

cnnkit_status cnnkit_conv2d_backward_weights_f32(const cnnkit_context* ctx, const float* x, cnnkit_nhwc x_shape,
                                                 const float* dy, cnnkit_nhwc dy_shape, float* dw, cnnkit_hwio dw_shape,
                                                 const cnnkit_conv2d_params* params) {
  return conv2d_backward_weights_c(ctx, x, x_shape, dy, dy_shape, dw, dw_shape, params);
}
cnnkit_status cnnkit_conv2d_backward_weights_f64(const cnnkit_context* ctx, const double* x, cnnkit_nhwc x_shape,
                                                 const double* dy, cnnkit_nhwc dy_shape, double* dw,
                                                 cnnkit_hwio dw_shape, const cnnkit_conv2d_params* params) {
  return conv2d_backward_weights_c(ctx, x, x_shape, dy, dy_shape, dw, dw_shape, params);
}

cnnkit_status cnnkit_conv2d_backward_bias_f32(const cnnkit_context* ctx, const float* dy, cnnkit_nhwc dy_shape,
                                              float* db, int64_t db_size) {
  return conv2d_backward_bias_c(__func__, ctx, dy, dy_shape, db, db_size);
}
cnnkit_status cnnkit_conv2d_backward_bias_f64(const cnnkit_context* ctx, const double* dy, cnnkit_nhwc dy_shape,
                                              double* db, int64_t db_size) {
  return conv2d_backward_bias_c(__func__, ctx, dy, dy_shape, db, db_size);
}

cnnkit_status cnnkit_conv2d_backward_weights_bias_f32(const cnnkit_context* ctx, const float* x, cnnkit_nhwc x_shape,
                                                      const float* dy, cnnkit_nhwc dy_shape, float* dw,
                                                      cnnkit_hwio dw_shape, float* db, int64_t db_size,
                                                      const cnnkit_conv2d_params* params) {
  return conv2d_backward_weights_bias_c(__func__, ctx, x, x_shape, dy, dy_shape, dw, dw_shape, db, db_size, params);
}
cnnkit_status cnnkit_conv2d_backward_weights_bias_f64(const cnnkit_context* ctx, const double* x,
                                                      cnnkit_nhwc x_shape, const double* dy, cnnkit_nhwc dy_shape,
                                                      double* dw, cnnkit_hwio dw_shape, double* db, int64_t db_size,
                                                      const cnnkit_conv2d_params* params) {
  return conv2d_backward_weights_bias_c(__func__, ctx, x, x_shape, dy, dy_shape, dw, dw_shape, db, db_size, params);
}

}  // extern "C"

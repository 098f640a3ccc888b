// The C ABI of the pooling functions: views over the caller's pointers, then the C++ API.
// Pool params are required; their booleans are checked here, their enums by the C++ API.
#include "api/c_api_support.hpp"
#include "cnnkit/ops.hpp"

namespace cnnkit::capi {
namespace {

template <class T>
cnnkit_status pool2d_forward_c(const char* function, const cnnkit_context* ctx, const T* x, cnnkit_nhwc x_shape, T* y,
                               cnnkit_nhwc y_shape, const cnnkit_pool2d_params* params) {
  const api::ArgCheck check(function);
  return guarded([&] {
    pool2d_forward<T>(NhwcView<const T>(x, to_cpp(x_shape)), NhwcView<T>(y, to_cpp(y_shape)),
                      pool2d_params(check, params), context_or_global(ctx));
  });
}

template <class T>
cnnkit_status pool2d_backward_c(const char* function, const cnnkit_context* ctx, const T* x, cnnkit_nhwc x_shape,
                                const T* dy, cnnkit_nhwc dy_shape, T* dx, cnnkit_nhwc dx_shape,
                                const cnnkit_pool2d_params* params) {
  const api::ArgCheck check(function);
  return guarded([&] {
    // x, when given, is the forward input: the C++ API checks it has dx's shape (and ignores the
    // shape of a null x).
    pool2d_backward<T>(NhwcView<const T>(x, to_cpp(x_shape)), NhwcView<const T>(dy, to_cpp(dy_shape)),
                       NhwcView<T>(dx, to_cpp(dx_shape)), pool2d_params(check, params), context_or_global(ctx));
  });
}

template <class T>
cnnkit_status pool2d_forward_indices_c(const char* function, const cnnkit_context* ctx, const T* x, cnnkit_nhwc x_shape,
                                       T* y, cnnkit_nhwc y_shape, std::int32_t* indices, cnnkit_nhwc indices_shape,
                                       const cnnkit_pool2d_params* params) {
  const api::ArgCheck check(function);
  return guarded([&] {
    pool2d_forward<T>(NhwcView<const T>(x, to_cpp(x_shape)), NhwcView<T>(y, to_cpp(y_shape)),
                      NhwcView<std::int32_t>(indices, to_cpp(indices_shape)), pool2d_params(check, params),
                      context_or_global(ctx));
  });
}

template <class T>
cnnkit_status pool2d_backward_indices_c(const char* function, const cnnkit_context* ctx, const std::int32_t* indices,
                                        cnnkit_nhwc indices_shape, const T* dy, cnnkit_nhwc dy_shape, T* dx,
                                        cnnkit_nhwc dx_shape, const cnnkit_pool2d_params* params) {
  const api::ArgCheck check(function);
  return guarded([&] {
    // The C++ API checks that the indices have dy's shape.
    pool2d_backward<T>(NhwcView<const std::int32_t>(indices, to_cpp(indices_shape)), NhwcView<const T>(dy, to_cpp(dy_shape)),
                       NhwcView<T>(dx, to_cpp(dx_shape)), pool2d_params(check, params), context_or_global(ctx));
  });
}

}  // namespace
}  // namespace cnnkit::capi

using namespace cnnkit::capi;

extern "C" {

cnnkit_status cnnkit_pool2d_forward_f32(const cnnkit_context* ctx, const float* x, cnnkit_nhwc x_shape, float* y,
                                        cnnkit_nhwc y_shape, const cnnkit_pool2d_params* params) {
  return pool2d_forward_c(__func__, ctx, x, x_shape, y, y_shape, params);
}
cnnkit_status cnnkit_pool2d_forward_f64(const cnnkit_context* ctx, const double* x, cnnkit_nhwc x_shape, double* y,
                                        cnnkit_nhwc y_shape, const cnnkit_pool2d_params* params) {
  return pool2d_forward_c(__func__, ctx, x, x_shape, y, y_shape, params);
}

cnnkit_status cnnkit_pool2d_backward_f32(const cnnkit_context* ctx, const float* x, cnnkit_nhwc x_shape,
                                         const float* dy, cnnkit_nhwc dy_shape, float* dx, cnnkit_nhwc dx_shape,
                                         const cnnkit_pool2d_params* params) {
  return pool2d_backward_c(__func__, ctx, x, x_shape, dy, dy_shape, dx, dx_shape, params);
}
cnnkit_status cnnkit_pool2d_backward_f64(const cnnkit_context* ctx, const double* x, cnnkit_nhwc x_shape,
                                         const double* dy, cnnkit_nhwc dy_shape, double* dx, cnnkit_nhwc dx_shape,
                                         const cnnkit_pool2d_params* params) {
  return pool2d_backward_c(__func__, ctx, x, x_shape, dy, dy_shape, dx, dx_shape, params);
}

cnnkit_status cnnkit_pool2d_forward_indices_f32(const cnnkit_context* ctx, const float* x, cnnkit_nhwc x_shape,
                                                float* y, cnnkit_nhwc y_shape, int32_t* indices,
                                                cnnkit_nhwc indices_shape, const cnnkit_pool2d_params* params) {
  return pool2d_forward_indices_c(__func__, ctx, x, x_shape, y, y_shape, indices, indices_shape, params);
}
cnnkit_status cnnkit_pool2d_forward_indices_f64(const cnnkit_context* ctx, const double* x, cnnkit_nhwc x_shape,
                                                double* y, cnnkit_nhwc y_shape, int32_t* indices,
                                                cnnkit_nhwc indices_shape, const cnnkit_pool2d_params* params) {
  return pool2d_forward_indices_c(__func__, ctx, x, x_shape, y, y_shape, indices, indices_shape, params);
}

cnnkit_status cnnkit_pool2d_backward_indices_f32(const cnnkit_context* ctx, const int32_t* indices,
                                                 cnnkit_nhwc indices_shape, const float* dy, cnnkit_nhwc dy_shape,
                                                 float* dx, cnnkit_nhwc dx_shape, const cnnkit_pool2d_params* params) {
  return pool2d_backward_indices_c(__func__, ctx, indices, indices_shape, dy, dy_shape, dx, dx_shape, params);
}
cnnkit_status cnnkit_pool2d_backward_indices_f64(const cnnkit_context* ctx, const int32_t* indices,
                                                 cnnkit_nhwc indices_shape, const double* dy, cnnkit_nhwc dy_shape,
                                                 double* dx, cnnkit_nhwc dx_shape, const cnnkit_pool2d_params* params) {
  return pool2d_backward_indices_c(__func__, ctx, indices, indices_shape, dy, dy_shape, dx, dx_shape, params);
}

}  // extern "C"

// The C ABI of ReLU: every buffer comes with its element count; the counts must agree with x's
// (checked here, naming the count), then views over the caller's pointers go to the C++ API.
#include "api/c_api_support.hpp"
#include "cnnkit/ops.hpp"

namespace cnnkit::capi {
namespace {

template <class T>
cnnkit_status relu_forward_c(const char* function, const cnnkit_context* ctx, const T* x, int64_t x_size, T* y,
                             int64_t y_size) {
  const api::ArgCheck check(function);
  return guarded([&] {
    check_size(check, y_size, x_size, sizeof(T), "y_size", "x_size");
    relu_forward<T>(VectorView<const T>(x, x_size), VectorView<T>(y, y_size), context_or_global(ctx));
  });
}

template <class T>
cnnkit_status relu_backward_c(const char* function, const cnnkit_context* ctx, const T* x, int64_t x_size,
                              const T* dy, int64_t dy_size, T* dx, int64_t dx_size) {
  const api::ArgCheck check(function);
  return guarded([&] {
    check_size(check, dy_size, x_size, sizeof(T), "dy_size", "x_size");
    check_size(check, dx_size, x_size, sizeof(T), "dx_size", "x_size");
    relu_backward<T>(VectorView<const T>(x, x_size), VectorView<const T>(dy, dy_size), VectorView<T>(dx, dx_size),
                     context_or_global(ctx));
  });
}

}  // namespace
}  // namespace cnnkit::capi

using namespace cnnkit::capi;

extern "C" {

cnnkit_status cnnkit_relu_forward_f32(const cnnkit_context* ctx, const float* x, int64_t x_size, float* y,
                                      int64_t y_size) {
  return relu_forward_c(__func__, ctx, x, x_size, y, y_size);
}
cnnkit_status cnnkit_relu_forward_f64(const cnnkit_context* ctx, const double* x, int64_t x_size, double* y,
                                      int64_t y_size) {
  return relu_forward_c(__func__, ctx, x, x_size, y, y_size);
}

cnnkit_status cnnkit_relu_backward_f32(const cnnkit_context* ctx, const float* x, int64_t x_size, const float* dy,
                                       int64_t dy_size, float* dx, int64_t dx_size) {
  return relu_backward_c(__func__, ctx, x, x_size, dy, dy_size, dx, dx_size);
}
cnnkit_status cnnkit_relu_backward_f64(const cnnkit_context* ctx, const double* x, int64_t x_size, const double* dy,
                                       int64_t dy_size, double* dx, int64_t dx_size) {
  return relu_backward_c(__func__, ctx, x, x_size, dy, dy_size, dx, dx_size);
}

}  // extern "C"

// The C ABI of ReLU: views over the caller's pointers (one count for every buffer), then the C++ API.
#include "api/c_api_support.hpp"
#include "cnnkit/ops.hpp"

namespace cnnkit::capi {
namespace {

template <class T>
cnnkit_status relu_forward_c(const cnnkit_context* ctx, const T* x, T* y, int64_t count) {
  return guarded(
      [&] { relu_forward<T>(VectorView<const T>(x, count), VectorView<T>(y, count), context_or_global(ctx)); });
}

template <class T>
cnnkit_status relu_backward_c(const cnnkit_context* ctx, const T* x, const T* dy, T* dx, int64_t count) {
  return guarded([&] {
    relu_backward<T>(VectorView<const T>(x, count), VectorView<const T>(dy, count), VectorView<T>(dx, count),
                     context_or_global(ctx));
  });
}

}  // namespace
}  // namespace cnnkit::capi

using namespace cnnkit::capi;

extern "C" {

cnnkit_status cnnkit_relu_forward_f32(const cnnkit_context* ctx, const float* x, float* y, int64_t count) {
  return relu_forward_c(ctx, x, y, count);
}
cnnkit_status cnnkit_relu_forward_f64(const cnnkit_context* ctx, const double* x, double* y, int64_t count) {
  return relu_forward_c(ctx, x, y, count);
}

cnnkit_status cnnkit_relu_backward_f32(const cnnkit_context* ctx, const float* x, const float* dy, float* dx,
                                       int64_t count) {
  return relu_backward_c(ctx, x, dy, dx, count);
}
cnnkit_status cnnkit_relu_backward_f64(const cnnkit_context* ctx, const double* x, const double* dy, double* dx,
                                       int64_t count) {
  return relu_backward_c(ctx, x, dy, dx, count);
}

}  // extern "C"

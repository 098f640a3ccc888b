// The C ABI of prepacked conv2d weights: a handle owning one Conv2dPackedWeights of either
// element type, and the forward call that takes it.
#include <optional>

#include "api/c_api_support.hpp"
#include "cnnkit/prepack.hpp"

struct cnnkit_conv2d_packed_weights {
  // Exactly one is set: the element type the weights were packed as.
  std::optional<cnnkit::Conv2dPackedWeights<float>> f32;
  std::optional<cnnkit::Conv2dPackedWeights<double>> f64;
};

namespace cnnkit::capi {
namespace {

template <class T>
std::optional<Conv2dPackedWeights<T>>& slot(cnnkit_conv2d_packed_weights& h) {
  if constexpr (std::is_same_v<T, float>) return h.f32;
  else return h.f64;
}
template <class T>
const std::optional<Conv2dPackedWeights<T>>& slot(const cnnkit_conv2d_packed_weights& h) {
  if constexpr (std::is_same_v<T, float>) return h.f32;
  else return h.f64;
}

template <class T>
cnnkit_status pack_c(const char* function, const cnnkit_context* ctx, const T* w, cnnkit_hwio w_shape,
                     int64_t groups, cnnkit_conv2d_packed_weights** packed) {
  const api::ArgCheck check(function);
  return guarded([&] {
    check.not_null(packed, "packed");
    auto handle = std::make_unique<cnnkit_conv2d_packed_weights>();
    slot<T>(*handle).emplace(HwioView<const T>(w, to_cpp(w_shape)), groups, context_or_global(ctx));
    *packed = handle.release();
  });
}

template <class T>
cnnkit_status forward_packed_c(const char* function, const cnnkit_context* ctx, const T* x, cnnkit_nhwc x_shape,
                               const cnnkit_conv2d_packed_weights* w, const T* bias, T* y, cnnkit_nhwc y_shape,
                               const cnnkit_conv2d_params* params, int32_t epilogue = CNNKIT_EPILOGUE_NONE) {
  const api::ArgCheck check(function);
  return guarded([&] {
    check.not_null(w, "w");
    const auto& weights = slot<T>(*w);
    if (!weights)
      check.fail("w", std::is_same_v<T, float> ? "weights packed as f32" : "weights packed as f64",
                 std::is_same_v<T, float> ? "weights packed as f64" : "weights packed as f32");
    const std::int64_t c_out = weights->shape().c_out;
    conv2d_forward<T>(NhwcView<const T>(x, to_cpp(x_shape)), *weights, VectorView<const T>(bias, bias ? c_out : 0),
                      NhwcView<T>(y, to_cpp(y_shape)), conv2d_params(params),
                      static_cast<Conv2dEpilogue>(epilogue), context_or_global(ctx));  // the op checks the value
  });
}

}  // namespace
}  // namespace cnnkit::capi

using namespace cnnkit::capi;

extern "C" {

cnnkit_status cnnkit_conv2d_pack_weights_f32(const cnnkit_context* ctx, const float* w, cnnkit_hwio w_shape,
                                             int64_t groups, cnnkit_conv2d_packed_weights** packed) {
  return pack_c(__func__, ctx, w, w_shape, groups, packed);
}
cnnkit_status cnnkit_conv2d_pack_weights_f64(const cnnkit_context* ctx, const double* w, cnnkit_hwio w_shape,
                                             int64_t groups, cnnkit_conv2d_packed_weights** packed) {
  return pack_c(__func__, ctx, w, w_shape, groups, packed);
}

void cnnkit_conv2d_packed_weights_destroy(cnnkit_conv2d_packed_weights* packed) { delete packed; }

cnnkit_status cnnkit_conv2d_forward_packed_f32(const cnnkit_context* ctx, const float* x, cnnkit_nhwc x_shape,
                                               const cnnkit_conv2d_packed_weights* w, const float* bias, float* y,
                                               cnnkit_nhwc y_shape, const cnnkit_conv2d_params* params) {
  return forward_packed_c(__func__, ctx, x, x_shape, w, bias, y, y_shape, params);
}
cnnkit_status cnnkit_conv2d_forward_packed_f64(const cnnkit_context* ctx, const double* x, cnnkit_nhwc x_shape,
                                               const cnnkit_conv2d_packed_weights* w, const double* bias, double* y,
                                               cnnkit_nhwc y_shape, const cnnkit_conv2d_params* params) {
  return forward_packed_c(__func__, ctx, x, x_shape, w, bias, y, y_shape, params);
}

cnnkit_status cnnkit_conv2d_forward_packed_epilogue_f32(const cnnkit_context* ctx, const float* x,
                                                        cnnkit_nhwc x_shape, const cnnkit_conv2d_packed_weights* w,
                                                        const float* bias, float* y, cnnkit_nhwc y_shape,
                                                        const cnnkit_conv2d_params* params, int32_t epilogue) {
  return forward_packed_c(__func__, ctx, x, x_shape, w, bias, y, y_shape, params, epilogue);
}
cnnkit_status cnnkit_conv2d_forward_packed_epilogue_f64(const cnnkit_context* ctx, const double* x,
                                                        cnnkit_nhwc x_shape, const cnnkit_conv2d_packed_weights* w,
                                                        const double* bias, double* y, cnnkit_nhwc y_shape,
                                                        const cnnkit_conv2d_params* params, int32_t epilogue) {
  return forward_packed_c(__func__, ctx, x, x_shape, w, bias, y, y_shape, params, epilogue);
}

}  // extern "C"

// The C ABI of prepacked conv2d weights: handles owning one Conv2dPackedWeights (forward) or
// Conv2dBackwardDataPackedWeights of either element type, and the calls that take them.
#include <optional>

#include "api/c_api_support.hpp"
#include "cnnkit/prepack.hpp"

namespace cnnkit::capi {

// Exactly one is set: the element type the weights were packed as.
template <class F32, class F64>
struct PackedHandle {
  std::optional<F32> f32;
  std::optional<F64> f64;
};

}  // namespace cnnkit::capi

struct cnnkit_conv2d_packed_weights
    : cnnkit::capi::PackedHandle<cnnkit::Conv2dPackedWeights<float>, cnnkit::Conv2dPackedWeights<double>> {};
struct cnnkit_conv2d_bwd_data_packed_weights
    : cnnkit::capi::PackedHandle<cnnkit::Conv2dBackwardDataPackedWeights<float>,
                                 cnnkit::Conv2dBackwardDataPackedWeights<double>> {};

namespace cnnkit::capi {
namespace {

// The handle's slot for element type T (const or not, as the handle).
template <class T, class Handle>
auto& slot(Handle& h) {
  if constexpr (std::is_same_v<T, float>) return h.f32;
  else return h.f64;
}

template <class T, class Handle>
cnnkit_status pack_c(const char* function, const cnnkit_context* ctx, const T* w, cnnkit_hwio w_shape,
                     Handle** packed, int64_t groups) {
  const api::ArgCheck check(function);
  return guarded([&] {
    check.not_null(packed, "packed");
    auto handle = std::make_unique<Handle>();
    slot<T>(*handle).emplace(HwioView<const T>(w, to_cpp(w_shape)), groups, context_or_global(ctx));
    *packed = handle.release();
  });
}

// The weights of a handle as element type T: fails naming `w` when it is null or holds the other.
template <class T, class Handle>
const auto& weights_of(const api::ArgCheck& check, const Handle* w) {
  check.not_null(w, "w");
  const auto& weights = slot<T>(*w);
  if (!weights)
    check.fail("w", std::is_same_v<T, float> ? "weights packed as f32" : "weights packed as f64",
               std::is_same_v<T, float> ? "weights packed as f64" : "weights packed as f32");
  return *weights;
}

template <class T>
cnnkit_status forward_packed_c(const char* function, const cnnkit_context* ctx, const T* x, cnnkit_nhwc x_shape,
                               const cnnkit_conv2d_packed_weights* w, const T* bias, int64_t bias_size, T* y,
                               cnnkit_nhwc y_shape, const cnnkit_conv2d_params* params,
                               int32_t epilogue = CNNKIT_EPILOGUE_NONE) {
  const api::ArgCheck check(function);
  return guarded([&] {
    const Conv2dPackedWeights<T>& weights = weights_of<T>(check, w);
    check_optional_size(check, bias, bias_size, weights.shape().c_out, sizeof(T), "bias_size", "the packed weights' c_out");
    conv2d_forward<T>(NhwcView<const T>(x, to_cpp(x_shape)), weights, VectorView<const T>(bias, bias_size),
                      NhwcView<T>(y, to_cpp(y_shape)), conv2d_params(params),
                      static_cast<Conv2dEpilogue>(epilogue), context_or_global(ctx));  // the op checks the value
  });
}

template <class T>
cnnkit_status backward_data_packed_c(const char* function, const cnnkit_context* ctx,
                                     const cnnkit_conv2d_bwd_data_packed_weights* w, const T* dy,
                                     cnnkit_nhwc dy_shape, T* dx, cnnkit_nhwc dx_shape, const cnnkit_conv2d_params* params) {
  const api::ArgCheck check(function);
  return guarded([&] {
    conv2d_backward_data<T>(NhwcView<const T>(dy, to_cpp(dy_shape)), weights_of<T>(check, w),
                            NhwcView<T>(dx, to_cpp(dx_shape)), conv2d_params(params), context_or_global(ctx));
  });
}

}  // namespace
}  // namespace cnnkit::capi

using namespace cnnkit::capi;

extern "C" {

cnnkit_status cnnkit_conv2d_pack_weights_f32(const cnnkit_context* ctx, const float* w, cnnkit_hwio w_shape,
                                             cnnkit_conv2d_packed_weights** packed, int64_t groups) {
  return pack_c(__func__, ctx, w, w_shape, packed, groups);
}
cnnkit_status cnnkit_conv2d_pack_weights_f64(const cnnkit_context* ctx, const double* w, cnnkit_hwio w_shape,
                                             cnnkit_conv2d_packed_weights** packed, int64_t groups) {
  return pack_c(__func__, ctx, w, w_shape, packed, groups);
}

void cnnkit_conv2d_packed_weights_destroy(cnnkit_conv2d_packed_weights* packed) { delete packed; }

cnnkit_status cnnkit_conv2d_forward_packed_f32(const cnnkit_context* ctx, const float* x, cnnkit_nhwc x_shape,
                                               const cnnkit_conv2d_packed_weights* w, const float* bias,
                                               int64_t bias_size, float* y, cnnkit_nhwc y_shape,
                                               const cnnkit_conv2d_params* params) {
  return forward_packed_c(__func__, ctx, x, x_shape, w, bias, bias_size, y, y_shape, params);
}
cnnkit_status cnnkit_conv2d_forward_packed_f64(const cnnkit_context* ctx, const double* x, cnnkit_nhwc x_shape,
                                               const cnnkit_conv2d_packed_weights* w, const double* bias,
                                               int64_t bias_size, double* y, cnnkit_nhwc y_shape,
                                               const cnnkit_conv2d_params* params) {
  return forward_packed_c(__func__, ctx, x, x_shape, w, bias, bias_size, y, y_shape, params);
}

cnnkit_status cnnkit_conv2d_forward_packed_epilogue_f32(const cnnkit_context* ctx, const float* x,
                                                        cnnkit_nhwc x_shape, const cnnkit_conv2d_packed_weights* w,
                                                        const float* bias, int64_t bias_size, float* y,
                                                        cnnkit_nhwc y_shape, const cnnkit_conv2d_params* params,
                                                        int32_t epilogue) {
  return forward_packed_c(__func__, ctx, x, x_shape, w, bias, bias_size, y, y_shape, params, epilogue);
}
cnnkit_status cnnkit_conv2d_forward_packed_epilogue_f64(const cnnkit_context* ctx, const double* x,
                                                        cnnkit_nhwc x_shape, const cnnkit_conv2d_packed_weights* w,
                                                        const double* bias, int64_t bias_size, double* y,
                                                        cnnkit_nhwc y_shape, const cnnkit_conv2d_params* params,
                                                        int32_t epilogue) {
  return forward_packed_c(__func__, ctx, x, x_shape, w, bias, bias_size, y, y_shape, params, epilogue);
}

cnnkit_status cnnkit_conv2d_pack_bwd_data_weights_f32(const cnnkit_context* ctx, const float* w, cnnkit_hwio w_shape,
                                                      cnnkit_conv2d_bwd_data_packed_weights** packed, int64_t groups) {
  return pack_c(__func__, ctx, w, w_shape, packed, groups);
}
cnnkit_status cnnkit_conv2d_pack_bwd_data_weights_f64(const cnnkit_context* ctx, const double* w, cnnkit_hwio w_shape,
                                                      cnnkit_conv2d_bwd_data_packed_weights** packed, int64_t groups) {
  return pack_c(__func__, ctx, w, w_shape, packed, groups);
}

void cnnkit_conv2d_bwd_data_packed_weights_destroy(cnnkit_conv2d_bwd_data_packed_weights* packed) { delete packed; }

cnnkit_status cnnkit_conv2d_backward_data_packed_f32(const cnnkit_context* ctx,
                                                     const cnnkit_conv2d_bwd_data_packed_weights* w, const float* dy,
                                                     cnnkit_nhwc dy_shape, float* dx, cnnkit_nhwc dx_shape,
                                                     const cnnkit_conv2d_params* params) {
  return backward_data_packed_c(__func__, ctx, w, dy, dy_shape, dx, dx_shape, params);
}
cnnkit_status cnnkit_conv2d_backward_data_packed_f64(const cnnkit_context* ctx,
                                                     const cnnkit_conv2d_bwd_data_packed_weights* w, const double* dy,
                                                     cnnkit_nhwc dy_shape, double* dx, cnnkit_nhwc dx_shape,
                                                     const cnnkit_conv2d_params* params) {
  return backward_data_packed_c(__func__, ctx, w, dy, dy_shape, dx, dx_shape, params);
}

}  // extern "C"

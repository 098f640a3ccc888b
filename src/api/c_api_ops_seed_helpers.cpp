// The C ABI of the seeds' helpers. conv_single_step's result comes back through z, which this
// layer checks (the C++ API returns it by value) and writes last.
#include "api/c_api_support.hpp"
#include "cnnkit/ops.hpp"

namespace cnnkit::capi {
namespace {

template <class T>
cnnkit_status conv_single_step_c(const char* function, const cnnkit_context* ctx, const T* a_slice,
                                 int64_t a_slice_size, const T* weights, int64_t weights_size, T bias, T* z,
                                 int64_t f_h, int64_t f_w, int64_t channels) {
  const api::ArgCheck check(function);
  return guarded([&] {
    // Elements: the byte count of 1-byte elements (0: the C++ API names the bad dimension).
    const std::int64_t count = bytes_or_zero(1, f_h, f_w, channels);
    check_size(check, a_slice_size, count, sizeof(T), "a_slice_size", "f_h * f_w * channels");
    check_size(check, weights_size, count, sizeof(T), "weights_size", "f_h * f_w * channels");
    check.not_null(z, "z");
    // In bytes from checked products: f_h, f_w and channels are not validated yet.
    const std::int64_t bytes = bytes_or_zero(sizeof(T), f_h, f_w, channels);
    const auto z_bytes = static_cast<std::int64_t>(sizeof(T));
    check.no_overlap(z, z_bytes, "z", a_slice, bytes, "a_slice", 1);
    check.no_overlap(z, z_bytes, "z", weights, bytes, "weights", 1);
    const T value = conv_single_step<T>(a_slice, weights, bias, f_h, f_w, channels, context_or_global(ctx));
    *z = value;
  });
}

template <class T>
cnnkit_status create_mask_from_window_c(const cnnkit_context* ctx, const T* x, cnnkit_matrix x_shape, T* mask,
                                        cnnkit_matrix mask_shape, int32_t ties) {
  return guarded([&] {
    // Any int is a value of TiePolicy (fixed underlying type); the C++ API rejects unknown ones.
    create_mask_from_window<T>(matrix(x, x_shape), matrix(mask, mask_shape),
                               static_cast<TiePolicy>(ties), context_or_global(ctx));
  });
}

template <class T>
cnnkit_status distribute_value_c(const cnnkit_context* ctx, T dz, T* out, cnnkit_matrix out_shape) {
  return guarded([&] { distribute_value<T>(dz, matrix(out, out_shape), context_or_global(ctx)); });
}

}  // namespace
}  // namespace cnnkit::capi

using namespace cnnkit::capi;

extern "C" {

cnnkit_status cnnkit_conv_single_step_f32(const cnnkit_context* ctx, const float* a_slice, int64_t a_slice_size,
                                          const float* weights, int64_t weights_size, float bias, float* z,
                                          int64_t f_h, int64_t f_w, int64_t channels) {
  return conv_single_step_c(__func__, ctx, a_slice, a_slice_size, weights, weights_size, bias, z, f_h, f_w, channels);
}
cnnkit_status cnnkit_conv_single_step_f64(const cnnkit_context* ctx, const double* a_slice, int64_t a_slice_size,
                                          const double* weights, int64_t weights_size, double bias, double* z,
                                          int64_t f_h, int64_t f_w, int64_t channels) {
  return conv_single_step_c(__func__, ctx, a_slice, a_slice_size, weights, weights_size, bias, z, f_h, f_w, channels);
}

cnnkit_status cnnkit_create_mask_from_window_f32(const cnnkit_context* ctx, const float* x, cnnkit_matrix x_shape,
                                                 float* mask, cnnkit_matrix mask_shape, int32_t ties) {
  return create_mask_from_window_c(ctx, x, x_shape, mask, mask_shape, ties);
}
cnnkit_status cnnkit_create_mask_from_window_f64(const cnnkit_context* ctx, const double* x, cnnkit_matrix x_shape,
                                                 double* mask, cnnkit_matrix mask_shape, int32_t ties) {
  return create_mask_from_window_c(ctx, x, x_shape, mask, mask_shape, ties);
}

cnnkit_status cnnkit_distribute_value_f32(const cnnkit_context* ctx, float dz, float* out, cnnkit_matrix out_shape) {
  return distribute_value_c(ctx, dz, out, out_shape);
}
cnnkit_status cnnkit_distribute_value_f64(const cnnkit_context* ctx, double dz, double* out,
                                          cnnkit_matrix out_shape) {
  return distribute_value_c(ctx, dz, out, out_shape);
}

}  // extern "C"

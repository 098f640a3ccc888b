// The C ABI of the seeds' helpers. conv_single_step's result comes back through z, which this
// layer checks (the C++ API returns it by value) and writes last.
#include "api/c_api_support.hpp"
#include "cnnkit/ops.hpp"

namespace cnnkit::capi {
namespace {

template <class T>
cnnkit_status conv_single_step_c(const char* function, const cnnkit_context* ctx, const T* a_slice, const T* weights,
                                 T bias, int64_t f_h, int64_t f_w, int64_t channels, T* z) {
  const api::ArgCheck check(function);
  return guarded([&] {
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
cnnkit_status create_mask_from_window_c(const cnnkit_context* ctx, const T* x, int64_t rows, int64_t cols, int32_t ties,
                                        T* mask) {
  return guarded([&] {
    // Any int is a value of TiePolicy (fixed underlying type); the C++ API rejects unknown ones.
    create_mask_from_window<T>(MatrixView<const T>(x, rows, cols), MatrixView<T>(mask, rows, cols),
                               static_cast<TiePolicy>(ties), context_or_global(ctx));
  });
}

template <class T>
cnnkit_status distribute_value_c(const cnnkit_context* ctx, T dz, int64_t rows, int64_t cols, T* out) {
  return guarded([&] { distribute_value<T>(dz, MatrixView<T>(out, rows, cols), context_or_global(ctx)); });
}

}  // namespace
}  // namespace cnnkit::capi

using namespace cnnkit::capi;

extern "C" {

cnnkit_status cnnkit_conv_single_step_f32(const cnnkit_context* ctx, const float* a_slice, const float* weights,
                                          float bias, int64_t f_h, int64_t f_w, int64_t channels, float* z) {
  return conv_single_step_c(__func__, ctx, a_slice, weights, bias, f_h, f_w, channels, z);
}
cnnkit_status cnnkit_conv_single_step_f64(const cnnkit_context* ctx, const double* a_slice, const double* weights,
                                          double bias, int64_t f_h, int64_t f_w, int64_t channels, double* z) {
  return conv_single_step_c(__func__, ctx, a_slice, weights, bias, f_h, f_w, channels, z);
}

cnnkit_status cnnkit_create_mask_from_window_f32(const cnnkit_context* ctx, const float* x, int64_t rows, int64_t cols,
                                                 int32_t ties, float* mask) {
  return create_mask_from_window_c(ctx, x, rows, cols, ties, mask);
}
cnnkit_status cnnkit_create_mask_from_window_f64(const cnnkit_context* ctx, const double* x, int64_t rows, int64_t cols,
                                                 int32_t ties, double* mask) {
  return create_mask_from_window_c(ctx, x, rows, cols, ties, mask);
}

cnnkit_status cnnkit_distribute_value_f32(const cnnkit_context* ctx, float dz, int64_t rows, int64_t cols, float* out) {
  return distribute_value_c(ctx, dz, rows, cols, out);
}
cnnkit_status cnnkit_distribute_value_f64(const cnnkit_context* ctx, double dz, int64_t rows, int64_t cols,
                                          double* out) {
  return distribute_value_c(ctx, dz, rows, cols, out);
}

}  // extern "C"

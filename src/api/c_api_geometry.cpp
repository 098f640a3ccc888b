// The C ABI's geometry functions and flatten, on top of cnnkit/geometry.hpp and cnnkit/tensor.hpp. (Each ArgCheck is made outside
// the lambda: inside it __func__ would be "operator()".)
#include "api/c_api_support.hpp"
#include "cnnkit/geometry.hpp"
#include "cnnkit/tensor.hpp"

using cnnkit::capi::guarded;
using cnnkit::capi::to_c;
using cnnkit::capi::to_cpp;

namespace {

// The matrix view of x's data: both outputs are written only once the shape is known good.
template <class T>
cnnkit_status flatten_c(const char* function, const T* x, cnnkit_nhwc x_shape, const T** y, cnnkit_matrix* y_shape) {
  const cnnkit::api::ArgCheck check(function);
  return guarded([&] {
    check.not_null(x, "x");
    check.not_null(y, "y");
    check.not_null(y_shape, "y_shape");
    const cnnkit::MatrixView<const T> m = cnnkit::flatten(cnnkit::NhwcView<const T>(x, to_cpp(x_shape)));
    *y = m.data;
    *y_shape = cnnkit_matrix{m.rows, m.cols};
  });
}

}  // namespace

extern "C" {

cnnkit_status cnnkit_conv2d_output_shape(cnnkit_nhwc x, cnnkit_hwio w, const cnnkit_conv2d_params* params,
                                         cnnkit_nhwc* y) {
  const cnnkit::api::ArgCheck check(__func__);
  return guarded([&] {
    check.not_null(y, "y");
    *y = to_c(cnnkit::conv2d_output_shape(to_cpp(x), to_cpp(w), cnnkit::capi::conv2d_params(params)));
  });
}

cnnkit_status cnnkit_pool2d_output_shape(cnnkit_nhwc x, const cnnkit_pool2d_params* params, cnnkit_nhwc* y) {
  const cnnkit::api::ArgCheck check(__func__);
  return guarded([&] {
    check.not_null(y, "y");
    *y = to_c(cnnkit::pool2d_output_shape(to_cpp(x), cnnkit::capi::pool2d_params(check, params)));
  });
}

cnnkit_status cnnkit_pad_output_shape(cnnkit_nhwc x, cnnkit_padding pad, cnnkit_nhwc* y) {
  const cnnkit::api::ArgCheck check(__func__);
  return guarded([&] {
    check.not_null(y, "y");
    *y = to_c(cnnkit::pad_output_shape(to_cpp(x), to_cpp(pad)));
  });
}

cnnkit_status cnnkit_flatten_shape(cnnkit_nhwc x, cnnkit_matrix* y) {
  const cnnkit::api::ArgCheck check(__func__);
  return guarded([&] {
    check.not_null(y, "y");
    const cnnkit::MatrixView<const float> m = cnnkit::flatten(cnnkit::NhwcView<const float>(nullptr, to_cpp(x)));
    *y = cnnkit_matrix{m.rows, m.cols};
  });
}

cnnkit_status cnnkit_flatten_f32(const float* x, cnnkit_nhwc x_shape, const float** y, cnnkit_matrix* y_shape) {
  return flatten_c(__func__, x, x_shape, y, y_shape);
}
cnnkit_status cnnkit_flatten_f64(const double* x, cnnkit_nhwc x_shape, const double** y, cnnkit_matrix* y_shape) {
  return flatten_c(__func__, x, x_shape, y, y_shape);
}

cnnkit_status cnnkit_same_padding(int64_t in_h, int64_t in_w, int64_t kernel_h, int64_t kernel_w, int64_t stride_h,
                                  int64_t stride_w, int64_t dilation_h, int64_t dilation_w, cnnkit_padding* pad) {
  const cnnkit::api::ArgCheck check(__func__);
  return guarded([&] {
    check.not_null(pad, "pad");
    *pad = to_c(cnnkit::same_padding(in_h, in_w, kernel_h, kernel_w, stride_h, stride_w, dilation_h, dilation_w));
  });
}

}  // extern "C"

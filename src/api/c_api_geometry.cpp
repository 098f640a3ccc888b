// The C ABI's geometry functions, on top of cnnkit/geometry.hpp. (Each ArgCheck is made outside
// the lambda: inside it __func__ would be "operator()".)
#include "api/c_api_support.hpp"
#include "cnnkit/geometry.hpp"

using cnnkit::capi::guarded;
using cnnkit::capi::to_c;
using cnnkit::capi::to_cpp;

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

cnnkit_status cnnkit_same_padding(int64_t in_h, int64_t in_w, int64_t kernel_h, int64_t kernel_w, int64_t stride_h,
                                  int64_t stride_w, int64_t dilation_h, int64_t dilation_w, cnnkit_padding* pad) {
  const cnnkit::api::ArgCheck check(__func__);
  return guarded([&] {
    check.not_null(pad, "pad");
    *pad = to_c(cnnkit::same_padding(in_h, in_w, kernel_h, kernel_w, stride_h, stride_w, dilation_h, dilation_w));
  });
}

}  // extern "C"

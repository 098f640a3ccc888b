// The C ABI's parameter structs: their defaults and their conversion to the C++ structs.
#include <cstddef>
#include <limits>
#include <string>

#include "api/c_api_support.hpp"

namespace cnnkit::capi {

bool to_bool(const api::ArgCheck& check, std::int32_t value, const char* argument) {
  if (value != 0 && value != 1) check.fail(argument, "0 or 1", std::to_string(value));
  return value == 1;
}

Conv2dParams conv2d_params(const cnnkit_conv2d_params* params) {
  if (!params) return Conv2dParams{};
  Conv2dParams p;
  p.stride_h = params->stride_h;
  p.stride_w = params->stride_w;
  p.pad = to_cpp(params->pad);
  p.dilation_h = params->dilation_h;
  p.dilation_w = params->dilation_w;
  p.groups = params->groups;
  return p;
}

Pool2dParams pool2d_params(const api::ArgCheck& check, const cnnkit_pool2d_params* params) {
  if (!params) check.fail("params", "a non-null cnnkit_pool2d_params pointer", "null");
  Pool2dParams p;
  // Any int is a value of these enums (fixed underlying type), so the C++ range check sees it.
  p.mode = static_cast<PoolMode>(params->mode);
  p.kernel_h = params->kernel_h;
  p.kernel_w = params->kernel_w;
  p.stride_h = params->stride_h;
  p.stride_w = params->stride_w;
  p.pad = to_cpp(params->pad);
  p.ceil_mode = to_bool(check, params->ceil_mode, "params.ceil_mode");
  p.count_include_pad = to_bool(check, params->count_include_pad, "params.count_include_pad");
  p.ties = static_cast<TiePolicy>(params->ties);
  return p;
}

AdamParams adam_params(const api::ArgCheck& check, const cnnkit_adam_params* params) {
  if (!params) check.fail("params", "a non-null cnnkit_adam_params pointer", "null");
  AdamParams p;
  p.lr = params->lr;
  p.beta1 = params->beta1;
  p.beta2 = params->beta2;
  p.eps = params->eps;
  p.step = params->step;
  p.style = static_cast<AdamStyle>(params->style);
  p.weight_decay = params->weight_decay;
  p.decoupled_weight_decay = to_bool(check, params->decoupled_weight_decay, "params.decoupled_weight_decay");
  return p;
}

void check_size(const api::ArgCheck& check, std::int64_t size, std::int64_t expected, std::size_t element_size,
                const char* argument, const char* expected_from) {
  if (bytes_or_zero(element_size, expected, 1) > 0 && size != expected)
    check.fail(argument, std::to_string(expected) + " (" + expected_from + ")", std::to_string(size));
}

void check_optional_size(const api::ArgCheck& check, const void* data, std::int64_t size, std::int64_t expected,
                         std::size_t element_size, const char* argument, const char* expected_from) {
  if (data) check_size(check, size, expected, element_size, argument, expected_from);
}

std::int32_t to_c_threading(Threading t) {
  switch (t) {
    case Threading::openmp:
      return CNNKIT_THREADING_OPENMP;
    case Threading::tbb:
      return CNNKIT_THREADING_TBB;
    case Threading::serial:
      break;
  }
  return CNNKIT_THREADING_SERIAL;
}

std::int64_t bytes_or_zero(std::size_t element_size, std::int64_t a, std::int64_t b, std::int64_t c) {
  std::int64_t n = 0;
  if (a <= 0 || b <= 0 || c <= 0 || __builtin_mul_overflow(a, b, &n) || __builtin_mul_overflow(n, c, &n) ||
      __builtin_mul_overflow(n, static_cast<std::int64_t>(element_size), &n) ||
      n > std::numeric_limits<std::ptrdiff_t>::max())
    return 0;
  return n;
}

}  // namespace cnnkit::capi

extern "C" {

// Built from the C++ defaults, so the two APIs cannot drift apart.
cnnkit_conv2d_params cnnkit_conv2d_params_default(void) {
  const cnnkit::Conv2dParams p;
  return {p.stride_h, p.stride_w, cnnkit::capi::to_c(p.pad), p.dilation_h, p.dilation_w, p.groups};
}

cnnkit_pool2d_params cnnkit_pool2d_params_default(void) {
  const cnnkit::Pool2dParams p;
  cnnkit_pool2d_params c{};
  c.mode = static_cast<std::int32_t>(p.mode);
  c.kernel_h = p.kernel_h;
  c.kernel_w = p.kernel_w;
  c.stride_h = p.stride_h;
  c.stride_w = p.stride_w;
  c.pad = cnnkit::capi::to_c(p.pad);
  c.ceil_mode = p.ceil_mode ? 1 : 0;
  c.count_include_pad = p.count_include_pad ? 1 : 0;
  c.ties = static_cast<std::int32_t>(p.ties);
  return c;
}

cnnkit_adam_params cnnkit_adam_params_default(void) {
  const cnnkit::AdamParams p;
  cnnkit_adam_params c{};
  c.lr = p.lr;
  c.beta1 = p.beta1;
  c.beta2 = p.beta2;
  c.eps = p.eps;
  c.step = p.step;
  c.style = static_cast<std::int32_t>(p.style);
  c.weight_decay = p.weight_decay;
  c.decoupled_weight_decay = p.decoupled_weight_decay ? 1 : 0;
  return c;
}

}  // extern "C"

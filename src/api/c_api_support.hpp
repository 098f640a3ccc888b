// Shared by the C ABI's translation units (c_api_*.cpp): the context handle, the exception
// barrier every function runs behind, and the conversions from the C structs to the C++ types.
// The C ABI is a thin layer: all op validation happens in the C++ API; only what C can express
// and C++ cannot (null parameter structs, booleans outside 0/1, a missing output scalar, an
// element count that disagrees with a shape) is checked here.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "api/arg_check.hpp"
#include "cnnkit/cnnkit.h"
#include "cnnkit/context.hpp"
#include "cnnkit/dispatch.hpp"
#include "cnnkit/params.hpp"
#include "cnnkit/tensor.hpp"

// The opaque handle of the C ABI.
struct cnnkit_context {
  cnnkit::Context impl;
};

namespace cnnkit::capi {

// Stores the in-flight exception's message as this thread's last error and returns its status.
// Call only from inside a catch block.
cnnkit_status status_from_current_exception() noexcept;

// Runs body; an exception becomes a status and a last-error message instead of crossing into C.
template <class F>
cnnkit_status guarded(F&& body) noexcept {
  try {
    body();
    return CNNKIT_STATUS_OK;
  } catch (...) {
    return status_from_current_exception();
  }
}

// NULL means the global context.
inline const Context& context_or_global(const cnnkit_context* ctx) { return ctx ? ctx->impl : global_context(); }
inline Context& context_or_global(cnnkit_context* ctx) { return ctx ? ctx->impl : global_context(); }

inline NhwcShape to_cpp(const cnnkit_nhwc& s) { return {s.n, s.h, s.w, s.c}; }
inline HwioShape to_cpp(const cnnkit_hwio& s) { return {s.kh, s.kw, s.c_in_per_group, s.c_out}; }
inline Padding to_cpp(const cnnkit_padding& p) { return {p.top, p.bottom, p.left, p.right}; }
inline cnnkit_nhwc to_c(const NhwcShape& s) { return {s.n, s.h, s.w, s.c}; }
template <class T>
MatrixView<T> matrix(T* data, const cnnkit_matrix& s) {
  return MatrixView<T>(data, s.rows, s.cols);
}
inline cnnkit_padding to_c(const Padding& p) { return {p.top, p.bottom, p.left, p.right}; }

// A buffer's element count (argument "bias_size") that must equal `expected`, a count that
// follows from shapes the C++ API validates (expected_from: "w_shape.c_out"). Checked only when
// `expected` elements of element_size bytes fit in memory, so a shape or count that is itself
// wrong is still reported by the C++ API under its own name (and with the C++ API's message).
void check_size(const api::ArgCheck& check, std::int64_t size, std::int64_t expected, std::size_t element_size,
                const char* argument, const char* expected_from);
// An optional vector (bias, db): checked as check_size when given; for NULL the C++ API decides
// (a NULL bias must have size 0; a skipped output's size is ignored).
void check_optional_size(const api::ArgCheck& check, const void* data, std::int64_t size, std::int64_t expected,
                         std::size_t element_size, const char* argument, const char* expected_from);

// How a variant uses threads, as the C ABI's single threading enum (CNNKIT_THREADING_*).
std::int32_t to_c_threading(Threading t);

// A failed pointer query: records "<function>: argument '<argument>': expected ..., got ..." as
// this thread's last error and returns NULL (`return query_failed(...)`).
std::nullptr_t query_failed(const api::ArgCheck& check, const std::string& argument, const std::string& expected,
                            const std::string& got) noexcept;

// An op by its name ("conv2d_fwd"); a null or unknown name is an error listing the op names.
OpId op_from_name(const api::ArgCheck& check, const char* op);

// A C boolean field: 0 or 1, anything else is an error (most likely an uninitialised struct).
bool to_bool(const api::ArgCheck& check, std::int32_t value, const char* argument);

// Parameter structs. Conv params may be NULL (the defaults); pool and Adam params are required,
// since their defaults encode choices (max or average, which step) a caller must make.
// Enum fields are passed through as their enum's value: the C++ op rejects unknown values.
Conv2dParams conv2d_params(const cnnkit_conv2d_params* params);
Pool2dParams pool2d_params(const api::ArgCheck& check, const cnnkit_pool2d_params* params);
AdamParams adam_params(const api::ArgCheck& check, const cnnkit_adam_params* params);

// The byte size of an (a, b, c) block of elements of `element_size` bytes, or 0 when a dimension
// is not positive or the size does not fit in ptrdiff_t: for the overlap checks of C-only outputs
// (loss, z), which run before the C++ API has validated the shape. Every product is checked, since
// nothing is validated yet; a shape given 0 here is one the C++ API then rejects.
std::int64_t bytes_or_zero(std::size_t element_size, std::int64_t a, std::int64_t b, std::int64_t c = 1);

}  // namespace cnnkit::capi

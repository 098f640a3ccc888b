// Views over caller memory: a pointer plus a shape. cnnkit never copies or owns the data behind
// a view. All tensors are dense and row-major:
//   activations  NHWC (n, h, w, c)
//   conv weights HWIO (kh, kw, c_in / groups, c_out)
//   matrices     (rows, cols); dense weights are (n_in, n_out)
// A view of T converts implicitly to a view of const T.
#pragma once

#include <cstdint>
#include <type_traits>

#include "cnnkit/export.hpp"

namespace cnnkit {

// The element types every op supports.
template <class T>
concept Real = std::is_same_v<std::remove_const_t<T>, float> ||
               std::is_same_v<std::remove_const_t<T>, double>;

struct NhwcShape {
  std::int64_t n = 0, h = 0, w = 0, c = 0;
  friend bool operator==(const NhwcShape&, const NhwcShape&) = default;
};

struct HwioShape {
  std::int64_t kh = 0, kw = 0, c_in_per_group = 0, c_out = 0;
  friend bool operator==(const HwioShape&, const HwioShape&) = default;
};

template <class T>
struct NhwcView {
  T* data = nullptr;
  NhwcShape shape{};

  constexpr NhwcView() = default;
  constexpr NhwcView(T* d, NhwcShape s) : data(d), shape(s) {}
  template <class U>
    requires std::is_same_v<T, const U>
  constexpr NhwcView(NhwcView<U> other) : data(other.data), shape(other.shape) {}
};

template <class T>
struct HwioView {
  T* data = nullptr;
  HwioShape shape{};

  constexpr HwioView() = default;
  constexpr HwioView(T* d, HwioShape s) : data(d), shape(s) {}
  template <class U>
    requires std::is_same_v<T, const U>
  constexpr HwioView(HwioView<U> other) : data(other.data), shape(other.shape) {}
};

template <class T>
struct MatrixView {
  T* data = nullptr;
  std::int64_t rows = 0, cols = 0;

  constexpr MatrixView() = default;
  constexpr MatrixView(T* d, std::int64_t r, std::int64_t c) : data(d), rows(r), cols(c) {}
  template <class U>
    requires std::is_same_v<T, const U>
  constexpr MatrixView(MatrixView<U> other) : data(other.data), rows(other.rows), cols(other.cols) {}
};

// A 1-D view. An empty view ({nullptr, 0}) means "absent" where an argument is optional (bias).
template <class T>
struct VectorView {
  T* data = nullptr;
  std::int64_t size = 0;

  constexpr VectorView() = default;
  constexpr VectorView(T* d, std::int64_t s) : data(d), size(s) {}
  template <class U>
    requires std::is_same_v<T, const U>
  constexpr VectorView(VectorView<U> other) : data(other.data), size(other.size) {}
};

namespace detail {
// Throws cnnkit::Error (invalid_argument) for flatten's argument 'x' (out of line: this header
// stays free of <string> and the error type).
[[noreturn]] CNNKIT_API void throw_flatten_error(const NhwcShape& shape);
}  // namespace detail

// Flatten is a reshape in NHWC row-major order (TensorFlow's order): (n, h, w, c) -> (n, h*w*c).
// No data moves. h, w and c must be >= 1 with h*w*c representable in int64, else it throws
// cnnkit::Error (invalid_argument) rather than overflow; n is passed through, and the op the
// view is given to validates the whole matrix.
template <class T>
constexpr MatrixView<T> flatten(NhwcView<T> x) {
  constexpr std::int64_t max = INT64_MAX;
  const NhwcShape& s = x.shape;
  // Every dimension is >= 1 when the divisions run, so these bounds are exact and cannot overflow.
  if (s.h < 1 || s.w < 1 || s.c < 1 || s.h > max / s.w || s.h * s.w > max / s.c) detail::throw_flatten_error(s);
  return MatrixView<T>(x.data, s.n, s.h * s.w * s.c);
}

namespace detail {
// Parameters typed NoDeduce<T> take their T from the other arguments (usually the output view),
// so inputs of type View<float> convert to View<const float> without spelling out <float>.
template <class T>
using NoDeduce = std::type_identity_t<T>;
}  // namespace detail

}  // namespace cnnkit

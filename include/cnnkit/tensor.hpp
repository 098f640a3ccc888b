// Views over caller memory: a pointer plus a shape. cnnkit never copies or owns the data behind
// a view. All tensors are dense and row-major:
//   activations  NHWC (n, h, w, c)
//   conv weights HWIO (kh, kw, c_in / groups, c_out)
//   matrices     (rows, cols); dense weights are (n_in, n_out)
// A view of T converts implicitly to a view of const T.
#pragma once

#include <cstdint>
#include <type_traits>

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

// Flatten is a reshape in NHWC row-major order (TensorFlow's order): (n, h, w, c) -> (n, h*w*c).
// No data moves. Overflowing shapes are rejected when the view is used by an op.
template <class T>
constexpr MatrixView<T> flatten(NhwcView<T> x) {
  return MatrixView<T>(x.data, x.shape.n, x.shape.h * x.shape.w * x.shape.c);
}

namespace detail {
// Parameters typed NoDeduce<T> take their T from the other arguments (usually the output view),
// so inputs of type View<float> convert to View<const float> without spelling out <float>.
template <class T>
using NoDeduce = std::type_identity_t<T>;
}  // namespace detail

}  // namespace cnnkit

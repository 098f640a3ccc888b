// The forward convolution's relu epilogue (Conv2dEpilogue::relu) on a vector of outputs, as the
// relu op's kernels write it: a select, never max/min (whose NaN and -0 results depend on the
// operand order): v where !(v <= 0), i.e. v > 0 or NaN (payload kept), else +0 (so -0 -> +0).
// Templated on the arch like all tier code: each tier gets its own copy.
#pragma once

#include <xsimd/xsimd.hpp>

namespace cnnkit::ops::kernels {

template <class A, class T>
xsimd::batch<T, A> relu_epilogue(const xsimd::batch<T, A>& v) {
  using B = xsimd::batch<T, A>;
  return xsimd::select(v <= B(T(0)), B(T(0)), v);
}

}  // namespace cnnkit::ops::kernels

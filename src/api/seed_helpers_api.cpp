// The seeds' helpers, kept for people porting the course code function by function. Each one is
// a single-window case of a registered op, so every variant of that op serves it too.
#include <string>

#include "api/arg_check.hpp"
#include "api/instantiate.hpp"
#include "cnnkit/ops.hpp"

namespace cnnkit {

template <Real T>
T conv_single_step(const T* a_slice, const NoDeduce<T>* weights, NoDeduce<T> bias, std::int64_t f_h,
                   std::int64_t f_w, std::int64_t channels, const Context& ctx) {
  const api::ArgCheck check("cnnkit::conv_single_step");
  check.not_null(a_slice, "a_slice");
  check.not_null(weights, "weights");
  check.elements(NhwcShape{1, f_h, f_w, channels}, "a_slice (f_h, f_w, channels)", sizeof(T));
  // (f_h, f_w, c) weights are HWIO with one output channel: the same memory.
  T z = 0;
  conv2d_forward<T>(NhwcView<const T>(a_slice, {1, f_h, f_w, channels}),
                    HwioView<const T>(weights, {f_h, f_w, channels, 1}), VectorView<const T>(&bias, 1),
                    NhwcView<T>(&z, {1, 1, 1, 1}), Conv2dParams{}, ctx);
  return z;
}

template <Real T>
void create_mask_from_window(MatrixView<const NoDeduce<T>> x, MatrixView<T> mask, TiePolicy ties, const Context& ctx) {
  const api::ArgCheck check("cnnkit::create_mask_from_window");
  check.not_null(x.data, "x");
  check.not_null(mask.data, "mask");
  check.elements(x.rows, x.cols, "x", sizeof(T));
  if (mask.rows != x.rows || mask.cols != x.cols)
    check.fail("mask", "the shape of x (" + std::to_string(x.rows) + ", " + std::to_string(x.cols) + ")",
               "(" + std::to_string(mask.rows) + ", " + std::to_string(mask.cols) + ")");
  check.enum_value(static_cast<int>(ties), 2, "ties", "first (0), all (1)");
  // Checked here too, so the message names 'mask' rather than pool2d_backward's 'dx'.
  const std::int64_t n = x.rows * x.cols;
  check.no_overlap(mask.data, n, "mask", x.data, n, "x", sizeof(T));
  // The mask is the max-pool gradient of one window covering x, for dy = 1.
  Pool2dParams params;
  params.mode = PoolMode::max;
  params.kernel_h = params.stride_h = x.rows;
  params.kernel_w = params.stride_w = x.cols;
  params.ties = ties;
  const T one = 1;
  pool2d_backward<T>(NhwcView<const T>(x.data, {1, x.rows, x.cols, 1}), NhwcView<const T>(&one, {1, 1, 1, 1}),
                     NhwcView<T>(mask.data, {1, x.rows, x.cols, 1}), params, ctx);
}

template <Real T>
void distribute_value(NoDeduce<T> dz, MatrixView<T> out, const Context& ctx) {
  const api::ArgCheck check("cnnkit::distribute_value");
  check.not_null(out.data, "out");
  check.elements(out.rows, out.cols, "out", sizeof(T));
  // The average-pool gradient of one window covering `out`.
  Pool2dParams params;
  params.mode = PoolMode::avg;
  params.kernel_h = params.stride_h = out.rows;
  params.kernel_w = params.stride_w = out.cols;
  pool2d_backward<T>(NhwcView<const T>(nullptr, {1, out.rows, out.cols, 1}), NhwcView<const T>(&dz, {1, 1, 1, 1}),
                     NhwcView<T>(out.data, {1, out.rows, out.cols, 1}), params, ctx);
}

#define CNNKIT_INSTANTIATE(T)                                                                                 \
  template T conv_single_step<T>(const T*, const T*, T, std::int64_t, std::int64_t, std::int64_t, const Context&); \
  template void create_mask_from_window<T>(MatrixView<const T>, MatrixView<T>, TiePolicy, const Context&);    \
  template void distribute_value<T>(T, MatrixView<T>, const Context&);
CNNKIT_FOR_EACH_REAL(CNNKIT_INSTANTIATE)

}  // namespace cnnkit

// The ops. Every function validates all arguments first (throwing cnnkit::Error, outputs
// untouched), then runs the variant the dispatch table selects for the problem.
// Outputs are overwritten, never accumulated into. Inputs and outputs must not overlap, except
// where a function says it works in place.
// Each function is defined for float and double; T is taken from the output argument.
#pragma once

#include <cstdint>
#include <type_traits>

#include "cnnkit/context.hpp"
#include "cnnkit/export.hpp"
#include "cnnkit/params.hpp"
#include "cnnkit/tensor.hpp"

namespace cnnkit {

using detail::NoDeduce;

// ---- padding ---------------------------------------------------------------------------------
// y = x surrounded by `pad` cells of `value` on each side; y has pad_output_shape(x, pad).
template <Real T>
CNNKIT_API void pad(NhwcView<const NoDeduce<T>> x, NhwcView<T> y, const Padding& pad,
                    NoDeduce<T> value = 0, const Context& ctx = global_context());

// ---- convolution (cross-correlation, NHWC x HWIO) ----------------------------------------------
// y[n,oh,ow,o] = bias[o] + sum_{i,j,c} x[n, oh*sh - pad_top + i*dh, ow*sw - pad_left + j*dw, g*C/G + c]
//                                       * w[i, j, c, o]   (taps outside x are absent: no term,
//                                                          so 0 * inf never arises from padding)
// bias may be empty (no bias). y has conv2d_output_shape(x.shape, w.shape, params).
template <Real T>
CNNKIT_API void conv2d_forward(NhwcView<const NoDeduce<T>> x, HwioView<const NoDeduce<T>> w,
                               VectorView<const NoDeduce<T>> bias, NhwcView<T> y,
                               const Conv2dParams& params, const Context& ctx = global_context());

// The same with an epilogue applied as each output is stored, in the same pass over y (opt-in):
// Conv2dEpilogue::relu gives bitwise conv2d_forward followed by relu_forward on y (NaN kept,
// -0 -> +0), for every conv2d_fwd variant; bias may be empty as above.
template <Real T>
CNNKIT_API void conv2d_forward(NhwcView<const NoDeduce<T>> x, HwioView<const NoDeduce<T>> w,
                               VectorView<const NoDeduce<T>> bias, NhwcView<T> y, const Conv2dParams& params,
                               Conv2dEpilogue epilogue, const Context& ctx = global_context());

// dx = dL/dx given dy = dL/dy. dx has the input's shape (it fixes the geometry).
template <Real T>
CNNKIT_API void conv2d_backward_data(NhwcView<const NoDeduce<T>> dy, HwioView<const NoDeduce<T>> w,
                                     NhwcView<T> dx, const Conv2dParams& params,
                                     const Context& ctx = global_context());

// dw = dL/dw given the forward input x and dy.
template <Real T>
CNNKIT_API void conv2d_backward_weights(NhwcView<const NoDeduce<T>> x, NhwcView<const NoDeduce<T>> dy,
                                        HwioView<T> dw, const Conv2dParams& params,
                                        const Context& ctx = global_context());

// db[o] = sum over n, oh, ow of dy[n, oh, ow, o].
template <Real T>
CNNKIT_API void conv2d_backward_bias(NhwcView<const NoDeduce<T>> dy, VectorView<T> db,
                                     const Context& ctx = global_context());

// dw and db from one call, in one pass over dy: db is summed piece by piece as the weights variant
// reads dy (while it is in cache). dw is bitwise conv2d_backward_weights's and db bitwise
// conv2d_backward_bias's under the same ctx (db follows the order of the bias variant that call
// would select). Under Tuning::measure the two are run as those two calls. db has c_out values.
template <Real T>
CNNKIT_API void conv2d_backward_weights_bias(NhwcView<const NoDeduce<T>> x, NhwcView<const NoDeduce<T>> dy,
                                             HwioView<T> dw, VectorView<NoDeduce<T>> db, const Conv2dParams& params,
                                             const Context& ctx = global_context());

// ---- pooling --------------------------------------------------------------------------------------
// Max: padded cells never win; a window holding a NaN outputs NaN. Avg: see count_include_pad.
// y has pool2d_output_shape(x.shape, params).
template <Real T>
CNNKIT_API void pool2d_forward(NhwcView<const NoDeduce<T>> x, NhwcView<T> y, const Pool2dParams& params,
                               const Context& ctx = global_context());

// dx from dy. Max pooling needs the forward input x (the winners are recomputed from it, with
// params.ties; with ties = first a NaN window sends dy to its first NaN, with ties = all a NaN
// window sends nothing). Average pooling uses only x's shape: x.data may be null.
template <Real T>
CNNKIT_API void pool2d_backward(NhwcView<const NoDeduce<T>> x, NhwcView<const NoDeduce<T>> dy,
                                NhwcView<T> dx, const Pool2dParams& params,
                                const Context& ctx = global_context());

// Max pooling with saved indices (opt-in; params.mode must be max, else an error naming
// params.mode). y is bitwise the plain pool2d_forward's. indices has y's shape and receives, per
// output cell and channel, the winner's position within its input plane, h * x.w + w (PyTorch's
// return_indices encoding): the first NaN of the window if it holds one, else the first maximum in
// row-major window order, i.e. exactly the cell the x-based backward with ties = first credits.
// x.h * x.w must fit in int32. indices must not overlap x or y.
template <Real T>
CNNKIT_API void pool2d_forward(NhwcView<const NoDeduce<T>> x, NhwcView<T> y, NhwcView<std::int32_t> indices,
                               const Pool2dParams& params, const Context& ctx = global_context());

// Max-pool backward from the indices pool2d_forward saved, instead of x (opt-in; max only). dx = 0,
// then each dy cell is added at its index in the reference's order: bitwise the x-based
// pool2d_backward with ties = first. params.ties = all is an error (one index cannot name several
// winners). indices must have dy's shape, and each must be a cell of its own window: otherwise
// Error(invalid_argument) names 'indices', the first bad position and its value; such an index is
// never used as an address, but dx's contents are then unspecified.
namespace detail {
template <Real T>
CNNKIT_API void pool2d_backward_from_indices(NhwcView<const std::int32_t> indices, NhwcView<const T> dy,
                                             NhwcView<T> dx, const Pool2dParams& params, const Context& ctx);
}  // namespace detail
// The index view's type is deduced (I = const std::int32_t or std::int32_t), so a braced
// {nullptr, shape} first argument still means the x-based call (average pooling without x).
template <Real T, class I>
  requires std::is_same_v<std::remove_const_t<I>, std::int32_t>
void pool2d_backward(NhwcView<I> indices, NhwcView<const NoDeduce<T>> dy, NhwcView<T> dx, const Pool2dParams& params,
                     const Context& ctx = global_context()) {
  detail::pool2d_backward_from_indices<T>(NhwcView<const std::int32_t>(indices.data, indices.shape), dy, dx, params,
                                          ctx);
}

// ---- ReLU -------------------------------------------------------------------------------------------
// y = max(x, 0), NaN propagated. In place allowed (y.data == x.data).
template <Real T>
CNNKIT_API void relu_forward(VectorView<const NoDeduce<T>> x, VectorView<T> y,
                             const Context& ctx = global_context());

// dx = dy where x > 0 or x is NaN, 0 where x <= 0 (relu'(0) = 0). In place allowed (dx == dy).
template <Real T>
CNNKIT_API void relu_backward(VectorView<const NoDeduce<T>> x, VectorView<const NoDeduce<T>> dy,
                              VectorView<T> dx, const Context& ctx = global_context());

// ---- dense (fully connected) -----------------------------------------------------------------------
// y = x @ w + bias; x (m, n_in), w (n_in, n_out), bias (n_out) or empty, y (m, n_out).
// Use flatten() to feed an NHWC tensor.
template <Real T>
CNNKIT_API void dense_forward(MatrixView<const NoDeduce<T>> x, MatrixView<const NoDeduce<T>> w,
                              VectorView<const NoDeduce<T>> bias, MatrixView<T> y,
                              const Context& ctx = global_context());

// dx = dy @ w^T
template <Real T>
CNNKIT_API void dense_backward_data(MatrixView<const NoDeduce<T>> dy, MatrixView<const NoDeduce<T>> w,
                                    MatrixView<T> dx, const Context& ctx = global_context());

// dw = x^T @ dy
template <Real T>
CNNKIT_API void dense_backward_weights(MatrixView<const NoDeduce<T>> x, MatrixView<const NoDeduce<T>> dy,
                                       MatrixView<T> dw, const Context& ctx = global_context());

// db = column sums of dy
template <Real T>
CNNKIT_API void dense_backward_bias(MatrixView<const NoDeduce<T>> dy, VectorView<T> db,
                                    const Context& ctx = global_context());

// All three; an output whose data is null is skipped. Validates every argument before running any.
template <Real T>
CNNKIT_API void dense_backward(MatrixView<const NoDeduce<T>> x, MatrixView<const NoDeduce<T>> w,
                               MatrixView<const NoDeduce<T>> dy, MatrixView<T> dx,
                               MatrixView<NoDeduce<T>> dw, VectorView<NoDeduce<T>> db,
                               const Context& ctx = global_context());

// ---- softmax cross-entropy -----------------------------------------------------------------------
// loss = mean_i -sum_j labels[i,j] * log_softmax(logits[i])_j   (labels need not be one-hot)
// dlogits = (softmax(logits) * sum_j labels[i,j] - labels) / m  (skipped when dlogits.data is null)
// Stable for any finite logits (the row maximum is subtracted first). Returns the loss.
// T comes from dlogits: pass an empty MatrixView<float>{} (or call <float>) for the loss alone.
template <Real T>
CNNKIT_API T softmax_cross_entropy(MatrixView<const NoDeduce<T>> logits,
                                   MatrixView<const NoDeduce<T>> labels, MatrixView<T> dlogits,
                                   const Context& ctx = global_context());

// The same with integer class labels, each in [0, classes).
template <Real T>
CNNKIT_API T softmax_cross_entropy(MatrixView<const NoDeduce<T>> logits,
                                   VectorView<const std::int64_t> labels, MatrixView<T> dlogits,
                                   const Context& ctx = global_context());

// ---- Adam ------------------------------------------------------------------------------------------
// One update, in place on param, m (first moment) and v (second moment); see AdamParams.
template <Real T>
CNNKIT_API void adam_step(VectorView<T> param, VectorView<const NoDeduce<T>> grad,
                          VectorView<NoDeduce<T>> m, VectorView<NoDeduce<T>> v,
                          const AdamParams& params, const Context& ctx = global_context());

// ---- the seeds' helpers (for porting the course code function by function) -----------------------
// Z = sum(a_slice * W) + b, bias once. a_slice and W are (f_h, f_w, channels), row-major.
// Runs conv2d_forward on a single window.
template <Real T>
CNNKIT_API T conv_single_step(const T* a_slice, const NoDeduce<T>* weights, NoDeduce<T> bias,
                              std::int64_t f_h, std::int64_t f_w, std::int64_t channels,
                              const Context& ctx = global_context());

// mask = 1 at the maximum of the 2-D window x, 0 elsewhere. ties = first marks only the first
// maximum (row-major), ties = all every one (the seeds' x == max(x)). Runs pool2d_backward.
template <Real T>
CNNKIT_API void create_mask_from_window(MatrixView<const NoDeduce<T>> x, MatrixView<T> mask,
                                        TiePolicy ties = TiePolicy::first,
                                        const Context& ctx = global_context());

// out = dz / (rows * cols) everywhere. Runs pool2d_backward (average).
template <Real T>
CNNKIT_API void distribute_value(NoDeduce<T> dz, MatrixView<T> out,
                                 const Context& ctx = global_context());

}  // namespace cnnkit

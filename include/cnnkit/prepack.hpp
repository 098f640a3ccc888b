// Prepacked convolution weights. The blocked forward kernels read weights in their own layout
// (output-channel blocks of whole SIMD vectors); conv2d_forward with plain HWIO weights reorders
// them inside every call. A caller that runs the same weights many times (inference, a layer in
// a benchmark) packs them once here and passes the result instead: the call then skips packing.
// Backward data reads the weights in yet another layout (spatially flipped and transposed,
// input-channel blocks), so it has its own type: Conv2dBackwardDataPackedWeights.
//
// The object holds its own copy of the weights (HWIO) next to the packed layout, so every
// variant can run from it (a forced reference or simd variant, a lower ISA cap at call time)
// and the caller's buffer may change or go away afterwards. Weights that change (an optimizer
// step) must be packed again. Copies share the packed data (immutable); thread-safe to use
// from several threads at once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "cnnkit/context.hpp"
#include "cnnkit/dispatch.hpp"
#include "cnnkit/export.hpp"
#include "cnnkit/params.hpp"
#include "cnnkit/tensor.hpp"

namespace cnnkit {

namespace detail {
template <class T>
struct Conv2dPackedWeightsData;
template <class T>
struct Conv2dBackwardDataPackedWeightsData;
}
using detail::NoDeduce;

template <Real T>
class CNNKIT_API Conv2dPackedWeights {
 public:
  // Copies w (HWIO, c_in/groups input channels per output channel) and packs it for the forward
  // kernels of the tier conv2d_forward would use under ctx: the tier of ctx's forced conv2d_fwd
  // variant if one is forced, else the best tier of this CPU within ctx's ISA cap. `groups` must
  // be the groups of the convolutions it will serve (the packing depends on it). When ctx's
  // threading policy and thread count allow threads, they share the packing (same bytes).
  Conv2dPackedWeights(HwioView<const NoDeduce<T>> w, std::int64_t groups, const Context& ctx = global_context());

  HwioShape shape() const;
  std::int64_t groups() const;
  // The ISA tier whose blocked kernels read the packed layout; scalar when there is none (then
  // every call reads the copy, as with plain weights).
  Isa isa() const;
  // Bytes held: the copy plus the packed layout.
  std::size_t bytes() const;

  // For the library's implementation.
  const detail::Conv2dPackedWeightsData<T>& data() const { return *data_; }

 private:
  std::shared_ptr<const detail::Conv2dPackedWeightsData<T>> data_;
};

// conv2d_forward with prepacked weights: the same result as conv2d_forward with the weights that
// were packed (bitwise, for the same variant). params.groups must equal w.groups().
template <Real T>
CNNKIT_API void conv2d_forward(NhwcView<const NoDeduce<T>> x, const Conv2dPackedWeights<NoDeduce<T>>& w,
                               VectorView<const NoDeduce<T>> bias, NhwcView<T> y, const Conv2dParams& params,
                               const Context& ctx = global_context());

// The same with an epilogue (see conv2d_forward in ops.hpp): conv2d_forward with the weights that
// were packed and this epilogue, bitwise, for the same variant.
template <Real T>
CNNKIT_API void conv2d_forward(NhwcView<const NoDeduce<T>> x, const Conv2dPackedWeights<NoDeduce<T>>& w,
                               VectorView<const NoDeduce<T>> bias, NhwcView<T> y, const Conv2dParams& params,
                               Conv2dEpilogue epilogue, const Context& ctx = global_context());

// Weights packed for conv2d_backward_data: the same contract as Conv2dPackedWeights (a copy of
// the HWIO weights next to the packed layout, shared immutable data, pack again after a change),
// for the backward-data kernels' layout.
template <Real T>
class CNNKIT_API Conv2dBackwardDataPackedWeights {
 public:
  // Copies w and packs it for the backward-data kernels of the tier conv2d_backward_data would
  // use under ctx (ctx's forced conv2d_bwd_data variant's tier, else the best tier within the
  // cap). `groups` as for Conv2dPackedWeights; threads share the packing as there.
  Conv2dBackwardDataPackedWeights(HwioView<const NoDeduce<T>> w, std::int64_t groups,
                                  const Context& ctx = global_context());

  HwioShape shape() const;
  std::int64_t groups() const;
  Isa isa() const;            // the tier packed for; scalar when nothing is packed
  std::size_t bytes() const;  // the copy plus the packed layout

  // For the library's implementation.
  const detail::Conv2dBackwardDataPackedWeightsData<T>& data() const { return *data_; }

 private:
  std::shared_ptr<const detail::Conv2dBackwardDataPackedWeightsData<T>> data_;
};

// conv2d_backward_data with prepacked weights: the same dx as conv2d_backward_data with the
// weights that were packed (bitwise, for the same variant). params.groups must equal w.groups().
template <Real T>
CNNKIT_API void conv2d_backward_data(NhwcView<const NoDeduce<T>> dy,
                                     const Conv2dBackwardDataPackedWeights<NoDeduce<T>>& w, NhwcView<T> dx,
                                     const Conv2dParams& params, const Context& ctx = global_context());

extern template class Conv2dPackedWeights<float>;
extern template class Conv2dPackedWeights<double>;
extern template class Conv2dBackwardDataPackedWeights<float>;
extern template class Conv2dBackwardDataPackedWeights<double>;

}  // namespace cnnkit

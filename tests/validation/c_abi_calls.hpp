// The C ABI's _f32/_f64 pairs as one template per function, so a rule table written once for
// T = float and double calls the matching C function: c_abi::conv2d_forward<T>(...).
#pragma once

#include <type_traits>
#include <utility>

#include "cnnkit/cnnkit.h"

namespace cnnkit::test::c_abi {

#define CNNKIT_C_ABI_PAIR(name)                                           \
  template <class T, class... Args>                                       \
  cnnkit_status name(Args&&... args) {                                    \
    static_assert(std::is_same_v<T, float> || std::is_same_v<T, double>); \
    if constexpr (std::is_same_v<T, float>)                               \
      return cnnkit_##name##_f32(std::forward<Args>(args)...);            \
    else                                                                  \
      return cnnkit_##name##_f64(std::forward<Args>(args)...);            \
  }

CNNKIT_C_ABI_PAIR(pad)
CNNKIT_C_ABI_PAIR(conv2d_forward)
CNNKIT_C_ABI_PAIR(conv2d_backward_data)
CNNKIT_C_ABI_PAIR(conv2d_backward_weights)
CNNKIT_C_ABI_PAIR(conv2d_backward_bias)
CNNKIT_C_ABI_PAIR(conv2d_forward_epilogue)
CNNKIT_C_ABI_PAIR(conv2d_backward_weights_bias)
CNNKIT_C_ABI_PAIR(pool2d_forward)
CNNKIT_C_ABI_PAIR(pool2d_backward)
CNNKIT_C_ABI_PAIR(pool2d_forward_indices)
CNNKIT_C_ABI_PAIR(pool2d_backward_indices)
CNNKIT_C_ABI_PAIR(relu_forward)
CNNKIT_C_ABI_PAIR(relu_backward)
CNNKIT_C_ABI_PAIR(dense_forward)
CNNKIT_C_ABI_PAIR(dense_backward_data)
CNNKIT_C_ABI_PAIR(dense_backward_weights)
CNNKIT_C_ABI_PAIR(dense_backward_bias)
CNNKIT_C_ABI_PAIR(dense_backward)
CNNKIT_C_ABI_PAIR(softmax_cross_entropy)
CNNKIT_C_ABI_PAIR(softmax_cross_entropy_index)
CNNKIT_C_ABI_PAIR(adam_step)
CNNKIT_C_ABI_PAIR(conv_single_step)
CNNKIT_C_ABI_PAIR(create_mask_from_window)
CNNKIT_C_ABI_PAIR(distribute_value)

#undef CNNKIT_C_ABI_PAIR

}  // namespace cnnkit::test::c_abi

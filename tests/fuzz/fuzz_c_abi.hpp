// The C ABI's entry points of one element type, so the fuzzer's op code is written once for
// float and double: CAbi<T>::conv2d_forward is cnnkit_conv2d_forward_f32 or _f64.
#pragma once

#include "cnnkit/cnnkit.h"

namespace cnnkit::fuzz {

template <class T>
struct CAbi;

template <>
struct CAbi<float> {
  static constexpr auto conv2d_forward = &cnnkit_conv2d_forward_f32;
  static constexpr auto conv2d_pack_weights = &cnnkit_conv2d_pack_weights_f32;
  static constexpr auto conv2d_forward_packed = &cnnkit_conv2d_forward_packed_f32;
  static constexpr auto conv2d_forward_epilogue = &cnnkit_conv2d_forward_epilogue_f32;
  static constexpr auto conv2d_forward_packed_epilogue = &cnnkit_conv2d_forward_packed_epilogue_f32;
  static constexpr auto conv2d_backward_data = &cnnkit_conv2d_backward_data_f32;
  static constexpr auto conv2d_pack_bwd_data_weights = &cnnkit_conv2d_pack_bwd_data_weights_f32;
  static constexpr auto conv2d_backward_data_packed = &cnnkit_conv2d_backward_data_packed_f32;
  static constexpr auto conv2d_backward_weights = &cnnkit_conv2d_backward_weights_f32;
  static constexpr auto conv2d_backward_bias = &cnnkit_conv2d_backward_bias_f32;
  static constexpr auto conv2d_backward_weights_bias = &cnnkit_conv2d_backward_weights_bias_f32;
  static constexpr auto pool2d_forward = &cnnkit_pool2d_forward_f32;
  static constexpr auto pool2d_backward = &cnnkit_pool2d_backward_f32;
  static constexpr auto pool2d_forward_indices = &cnnkit_pool2d_forward_indices_f32;
  static constexpr auto pool2d_backward_indices = &cnnkit_pool2d_backward_indices_f32;
  static constexpr auto relu_forward = &cnnkit_relu_forward_f32;
  static constexpr auto relu_backward = &cnnkit_relu_backward_f32;
  static constexpr auto pad = &cnnkit_pad_f32;
  static constexpr auto dense_forward = &cnnkit_dense_forward_f32;
  static constexpr auto dense_backward_data = &cnnkit_dense_backward_data_f32;
  static constexpr auto dense_backward_weights = &cnnkit_dense_backward_weights_f32;
  static constexpr auto dense_backward_bias = &cnnkit_dense_backward_bias_f32;
  static constexpr auto dense_backward = &cnnkit_dense_backward_f32;
  static constexpr auto softmax_cross_entropy = &cnnkit_softmax_cross_entropy_f32;
  static constexpr auto softmax_cross_entropy_index = &cnnkit_softmax_cross_entropy_index_f32;
  static constexpr auto adam_step = &cnnkit_adam_step_f32;
  static constexpr auto conv_single_step = &cnnkit_conv_single_step_f32;
  static constexpr auto create_mask_from_window = &cnnkit_create_mask_from_window_f32;
  static constexpr auto distribute_value = &cnnkit_distribute_value_f32;
};

template <>
struct CAbi<double> {
  static constexpr auto conv2d_forward = &cnnkit_conv2d_forward_f64;
  static constexpr auto conv2d_pack_weights = &cnnkit_conv2d_pack_weights_f64;
  static constexpr auto conv2d_forward_packed = &cnnkit_conv2d_forward_packed_f64;
  static constexpr auto conv2d_forward_epilogue = &cnnkit_conv2d_forward_epilogue_f64;
  static constexpr auto conv2d_forward_packed_epilogue = &cnnkit_conv2d_forward_packed_epilogue_f64;
  static constexpr auto conv2d_backward_data = &cnnkit_conv2d_backward_data_f64;
  static constexpr auto conv2d_pack_bwd_data_weights = &cnnkit_conv2d_pack_bwd_data_weights_f64;
  static constexpr auto conv2d_backward_data_packed = &cnnkit_conv2d_backward_data_packed_f64;
  static constexpr auto conv2d_backward_weights = &cnnkit_conv2d_backward_weights_f64;
  static constexpr auto conv2d_backward_bias = &cnnkit_conv2d_backward_bias_f64;
  static constexpr auto conv2d_backward_weights_bias = &cnnkit_conv2d_backward_weights_bias_f64;
  static constexpr auto pool2d_forward = &cnnkit_pool2d_forward_f64;
  static constexpr auto pool2d_backward = &cnnkit_pool2d_backward_f64;
  static constexpr auto pool2d_forward_indices = &cnnkit_pool2d_forward_indices_f64;
  static constexpr auto pool2d_backward_indices = &cnnkit_pool2d_backward_indices_f64;
  static constexpr auto relu_forward = &cnnkit_relu_forward_f64;
  static constexpr auto relu_backward = &cnnkit_relu_backward_f64;
  static constexpr auto pad = &cnnkit_pad_f64;
  static constexpr auto dense_forward = &cnnkit_dense_forward_f64;
  static constexpr auto dense_backward_data = &cnnkit_dense_backward_data_f64;
  static constexpr auto dense_backward_weights = &cnnkit_dense_backward_weights_f64;
  static constexpr auto dense_backward_bias = &cnnkit_dense_backward_bias_f64;
  static constexpr auto dense_backward = &cnnkit_dense_backward_f64;
  static constexpr auto softmax_cross_entropy = &cnnkit_softmax_cross_entropy_f64;
  static constexpr auto softmax_cross_entropy_index = &cnnkit_softmax_cross_entropy_index_f64;
  static constexpr auto adam_step = &cnnkit_adam_step_f64;
  static constexpr auto conv_single_step = &cnnkit_conv_single_step_f64;
  static constexpr auto create_mask_from_window = &cnnkit_create_mask_from_window_f64;
  static constexpr auto distribute_value = &cnnkit_distribute_value_f64;
};

}  // namespace cnnkit::fuzz

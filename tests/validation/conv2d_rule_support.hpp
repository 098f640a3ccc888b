// What the convolution rule tables share (conv2d_rules.cpp, conv2d_prepacked_rules.cpp): their
// baseline geometry, packed weights for the C ABI, the epilogue's expected message.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "cnnkit/cnnkit.h"
#include "cnnkit/params.hpp"

namespace cnnkit::test::validation {

// The shared geometry: x (1, 4, 4, 2), w (3, 3, 1, 4) in 2 groups, stride 1, pad 1: y (1, 4, 4, 4).
inline Conv2dParams grouped_same() {
  Conv2dParams p;
  p.pad = Padding::symmetric(1);
  p.groups = 2;
  return p;
}

// cnnkit_conv2d_pack_weights_f32 or _f64.
template <class T>
cnnkit_status c_pack(const T* w, cnnkit_hwio shape, std::int64_t groups, cnnkit_conv2d_packed_weights** out) {
  if constexpr (std::is_same_v<T, float>) return cnnkit_conv2d_pack_weights_f32(nullptr, w, shape, groups, out);
  else return cnnkit_conv2d_pack_weights_f64(nullptr, w, shape, groups, out);
}

// A C handle of w packed for 2 groups (null when packing fails), destroyed with its last owner.
template <class T>
std::shared_ptr<const cnnkit_conv2d_packed_weights> c_packed_handle(const T* w, cnnkit_hwio shape) {
  cnnkit_conv2d_packed_weights* handle = nullptr;
  if (c_pack<T>(w, shape, 2, &handle) != CNNKIT_STATUS_OK) return nullptr;
  return {handle, cnnkit_conv2d_packed_weights_destroy};
}

// What a bad Conv2dEpilogue value's error says (ArgCheck::enum_value).
inline const std::vector<std::string> kEpilogueValue{"'epilogue'", "one of none (0), relu (1)"};

}  // namespace cnnkit::test::validation

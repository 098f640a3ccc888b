// Which conv2d variants take which problems, for tests that force every variant in turn. Most
// conv2d variants take any valid problem (the blocked ones can decline absurd padding); the
// depthwise variants (conv2d_<dir>.depthwise.<tier>[.omp|.tbb]) take only depthwise problems:
// one input and one output channel per group, more than one group.
#pragma once

#include <cstdint>
#include <string>

namespace cnnkit::test {

inline bool is_depthwise_variant(const std::string& variant) {
  return variant.find(".depthwise.") != std::string::npos;
}

// Whether `variant` takes a convolution with these groups and weights (c_in/groups per group).
inline bool conv2d_variant_takes(const std::string& variant, std::int64_t groups, std::int64_t c_in_per_group,
                                 std::int64_t c_out) {
  if (!is_depthwise_variant(variant)) return true;
  return groups > 1 && c_in_per_group == 1 && c_out == groups;
}

}  // namespace cnnkit::test

// A small deterministic stand-in for the SIGNS set (6 classes of 64x64x3 images), so the
// example runs where no data set is installed. Class k = stripes of one of three orientations
// (k % 3: horizontal, vertical, diagonal) drawn in one of two colours (k / 3: red, blue), with
// a random period and phase per image and Gaussian pixel noise: a 4x4 convolution can detect
// orientation and colour, the pooling makes it position-free, and nothing is learnt by heart.
#pragma once

#include <cstdint>

#include "dataset.hpp"

namespace train_convnet {

struct SyntheticSpec {
  std::int64_t image_size = 64;  // height = width
  std::int64_t train_per_class = 100;
  std::int64_t test_per_class = 20;
  std::uint64_t seed = 1;
};

inline constexpr std::int64_t synthetic_classes = 6;

// The same spec always gives the same bytes.
DataSplit make_synthetic_split(const SyntheticSpec& spec);

}  // namespace train_convnet

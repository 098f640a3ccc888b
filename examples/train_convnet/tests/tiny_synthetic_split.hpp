// A synthetic data set small enough for a unit test to train on in milliseconds.
#pragma once

#include <cstdint>

#include "synthetic_dataset.hpp"

namespace train_convnet {

inline DataSplit tiny_synthetic_split(std::int64_t image_size, std::int64_t train_per_class,
                                      std::int64_t test_per_class) {
  SyntheticSpec spec;
  spec.image_size = image_size;
  spec.train_per_class = train_per_class;
  spec.test_per_class = test_per_class;
  DataSplit split = make_synthetic_split(spec);
  finish_split(split);
  return split;
}

}  // namespace train_convnet

// A labelled image set as it comes from disk: 8-bit pixels, NHWC, one class index per image.
// Pixels stay 8-bit in memory (a quarter of the float size); a minibatch is converted to float
// in [0, 1] when it is gathered (the seeds' X / 255).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cnnkit/tensor.hpp"

namespace train_convnet {

struct Dataset {
  cnnkit::NhwcShape shape{};  // shape.n = number of images
  std::vector<std::uint8_t> pixels;
  std::vector<std::int64_t> labels;

  std::int64_t size() const { return shape.n; }
  std::int64_t image_elements() const { return shape.h * shape.w * shape.c; }
};

struct DataSplit {
  std::string description;  // what was loaded, for the report
  Dataset train, test;
  std::int64_t classes = 0;
};

// Checks that both sets hold images of one shape with labels in [0, classes), sets `classes`
// from the largest label (so the class count comes from the data), throws std::runtime_error.
void finish_split(DataSplit& split);

// Keeps the first n training images (n <= 0 or n >= size keeps them all).
void limit_train(DataSplit& split, std::int64_t n);

// Writes images [first, first + n) of `set` into x as floats in [0, 1] and their labels into
// `labels`; `order` (when not null) maps batch rows to image indices. Allocates nothing.
void gather_batch(const Dataset& set, const std::int64_t* order, std::int64_t first, std::int64_t n, float* x,
                  std::int64_t* labels);

}  // namespace train_convnet

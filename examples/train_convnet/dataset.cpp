#include "dataset.hpp"

#include <algorithm>
#include <stdexcept>

namespace train_convnet {
namespace {

void check_set(const Dataset& set, const char* name) {
  const cnnkit::NhwcShape& s = set.shape;
  if (s.n <= 0 || s.h <= 0 || s.w <= 0 || s.c <= 0)
    throw std::runtime_error(std::string("the ") + name + " set is empty or has an empty image shape");
  if (static_cast<std::int64_t>(set.pixels.size()) != s.n * set.image_elements() ||
      static_cast<std::int64_t>(set.labels.size()) != s.n)
    throw std::runtime_error(std::string("the ") + name + " set's pixel or label count does not match its shape");
  // idx labels are bytes, and the class count is taken from the largest label: a bound keeps a
  // corrupt label from asking for a huge output layer, and keeps --export-idx lossless.
  for (std::int64_t label : set.labels)
    if (label < 0 || label > 255)
      throw std::runtime_error(std::string("the ") + name + " set has the label " + std::to_string(label) +
                               " (expected a class index in [0, 255])");
}

}  // namespace

void finish_split(DataSplit& split) {
  check_set(split.train, "training");
  check_set(split.test, "test");
  const cnnkit::NhwcShape& a = split.train.shape;
  const cnnkit::NhwcShape& b = split.test.shape;
  if (a.h != b.h || a.w != b.w || a.c != b.c)
    throw std::runtime_error("the training images are " + std::to_string(a.h) + "x" + std::to_string(a.w) + "x" +
                             std::to_string(a.c) + " but the test images are " + std::to_string(b.h) + "x" +
                             std::to_string(b.w) + "x" + std::to_string(b.c));
  const std::int64_t largest = std::max(*std::max_element(split.train.labels.begin(), split.train.labels.end()),
                                        *std::max_element(split.test.labels.begin(), split.test.labels.end()));
  split.classes = largest + 1;
  if (split.classes < 2) throw std::runtime_error("the data holds a single class: nothing to learn");
}

void limit_train(DataSplit& split, std::int64_t n) {
  Dataset& set = split.train;
  if (n <= 0 || n >= set.size()) return;
  set.shape.n = n;
  set.pixels.resize(static_cast<std::size_t>(n * set.image_elements()));
  set.labels.resize(static_cast<std::size_t>(n));
}

void gather_batch(const Dataset& set, const std::int64_t* order, std::int64_t first, std::int64_t n, float* x,
                  std::int64_t* labels) {
  const std::int64_t elements = set.image_elements();
  for (std::int64_t row = 0; row < n; ++row) {
    const std::int64_t image = order ? order[first + row] : first + row;
    const std::uint8_t* src = set.pixels.data() + image * elements;
    float* dst = x + row * elements;
    for (std::int64_t i = 0; i < elements; ++i) dst[i] = static_cast<float>(src[i]) * (1.0f / 255.0f);
    labels[row] = set.labels[static_cast<std::size_t>(image)];
  }
}

}  // namespace train_convnet

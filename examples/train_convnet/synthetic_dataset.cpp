#include "synthetic_dataset.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>

#include "random.hpp"

namespace train_convnet {
namespace {

constexpr std::int64_t channels = 3;
constexpr double noise_sigma = 0.12;
constexpr double stripe_amplitude = 0.35;

// One image of class `label` into `out` (h*w*3 bytes, HWC).
void draw_image(std::int64_t label, std::int64_t size, Rng& rng, std::uint8_t* out) {
  const std::int64_t orientation = label % 3;
  const std::int64_t colour = label / 3;  // 0: stripes in red, 1: in blue
  const double period = rng.uniform(4.0, 8.0);
  const double phase = rng.uniform(0.0, 2.0 * std::numbers::pi);
  const double background = rng.uniform(0.35, 0.65);
  for (std::int64_t y = 0; y < size; ++y)
    for (std::int64_t x = 0; x < size; ++x) {
      const double along = orientation == 0 ? y : orientation == 1 ? x : (x + y) * std::numbers::sqrt2 / 2;
      const double stripe = stripe_amplitude * std::sin(2.0 * std::numbers::pi * along / period + phase);
      for (std::int64_t c = 0; c < channels; ++c) {
        // The stripe colour carries the strong signal, the green channel a weak copy, the other
        // colour none.
        const double weight = c == 1 ? 0.3 : (c == 0) == (colour == 0) ? 1.0 : 0.0;
        const double v = std::clamp(background + weight * stripe + noise_sigma * rng.normal(), 0.0, 1.0);
        out[(y * size + x) * channels + c] = static_cast<std::uint8_t>(std::lround(v * 255.0));
      }
    }
}

Dataset make_set(std::int64_t per_class, std::int64_t size, Rng& rng) {
  Dataset set;
  set.shape = {per_class * synthetic_classes, size, size, channels};
  set.pixels.resize(static_cast<std::size_t>(set.shape.n * set.image_elements()));
  set.labels.resize(static_cast<std::size_t>(set.shape.n));
  // Classes interleaved, so that --limit keeps them balanced.
  for (std::int64_t i = 0; i < set.shape.n; ++i) {
    set.labels[static_cast<std::size_t>(i)] = i % synthetic_classes;
    draw_image(i % synthetic_classes, size, rng, set.pixels.data() + i * set.image_elements());
  }
  return set;
}

}  // namespace

DataSplit make_synthetic_split(const SyntheticSpec& spec) {
  if (spec.image_size < 4 || spec.image_size > 1024)
    throw std::runtime_error("--image-size must be in [4, 1024], got " + std::to_string(spec.image_size));
  if (spec.train_per_class < 1 || spec.test_per_class < 1)
    throw std::runtime_error("the synthetic set needs at least one training and one test image per class");
  DataSplit split;
  // Separate streams: the test images do not depend on how many training images were drawn.
  Rng train_rng(spec.seed), test_rng(spec.seed ^ 0x9e3779b97f4a7c15ULL);
  split.train = make_set(spec.train_per_class, spec.image_size, train_rng);
  split.test = make_set(spec.test_per_class, spec.image_size, test_rng);
  split.description = "synthetic stripes (seed " + std::to_string(spec.seed) + ")";
  return split;
}

}  // namespace train_convnet

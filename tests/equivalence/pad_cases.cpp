// The pad sweeps. The variants write y in flat NHWC order as runs (border rows, left border,
// copied interior, right border), each through the span kernel with a masked head up to a vector
// boundary, aligned vector body and masked tail (src/ops/eltwise/span_map.hpp). The geometry x
// channel sweep gives runs of many lengths at many offsets; the row sweep (one channel, widths
// 1..47, buffers on a 64-byte line below width 16 and from 32, 3 floats past one from 16 to 31)
// gives every run length up to three vectors after every head. The split shapes are big
// enough that the threaded variants (forced at 2, 3 and 7 threads) cut y mid-row and mid-border.
// Fill values include NaN and a negative NaN with a payload: they must be copied bit for bit.
// The large sweep adds a pass past the streaming threshold (x + y >= 20 MiB in f32).
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>

#include "cnnkit/geometry.hpp"
#include "pad_harness.hpp"

namespace cnnkit::test::equiv {
namespace {

struct PadShape {
  std::int64_t n, h, w;
  Padding pad;
};

const PadShape kGeometries[] = {
    {1, 5, 5, {1, 1, 1, 1}}, {2, 3, 7, {0, 2, 1, 0}}, {1, 1, 1, {0, 0, 0, 0}}, {1, 6, 6, {1, 2, 1, 2}},
    {2, 4, 5, {3, 0, 0, 3}}, {1, 7, 3, {0, 0, 2, 2}}, {1, 2, 2, {5, 5, 5, 5}}, {2, 5, 4, {2, 1, 0, 0}},
    {1, 9, 9, {1, 0, 1, 0}}, {1, 3, 3, {0, 1, 0, 1}}, {2, 1, 8, {1, 1, 0, 0}}, {1, 8, 1, {0, 0, 1, 1}},
};
constexpr std::size_t kGeometryCount = sizeof(kGeometries) / sizeof(kGeometries[0]);

// Converts to float as 0xFFE00002 (sign and payload kept).
const double kNegativePayloadNan = std::bit_cast<double>(std::uint64_t{0xFFFC000040000000ull});
const double kValues[] = {0.0, -1.5, std::numeric_limits<double>::quiet_NaN(), 2.0, kNegativePayloadNan};
constexpr std::size_t kValueCount = sizeof(kValues) / sizeof(kValues[0]);

std::string value_name(double v) {
  if (std::isnan(v)) return std::signbit(v) ? "vnegnan" : "vnan";
  if (v == -1.5) return "vm1_5";
  return name_of("v", static_cast<int>(v));
}

}  // namespace

std::vector<PadCase> pad_cases(Sweep sweep) {
  std::vector<PadCase> cases;
  const std::size_t nc = kChannels.size();
  std::size_t index = 0;
  const auto add_with = [&](const PadShape& g, std::int64_t c, Data data, bool misaligned) {
    const NhwcShape x{g.n, g.h, g.w, c};
    const double value = kValues[index++ % kValueCount];
    cases.push_back({name_of("x", dims_name(x), "_", pad_name(g.pad), "_", value_name(value), "_", data_name(data),
                             misaligned ? "_ua" : ""),
                     ops::PadProblem{x, pad_output_shape(x, g.pad), g.pad}, value, data, misaligned});
  };
  const auto add = [&](const PadShape& g, std::int64_t c, Data data) { add_with(g, c, data, index % 2 == 1); };
  for (std::size_t i = 0; i < nc; ++i) add(kGeometries[i % kGeometryCount], kChannels[i], Data::integers);
  for (std::size_t i = 0; i < nc; ++i) add(kGeometries[(i + 6) % kGeometryCount], kChannels[i], Data::specials);
  // The row sweep.
  for (std::int64_t w = 1; w < 48; ++w)
    add_with({1, 2, w, {1, w % 2, w % 3, (w + 1) % 4}}, 1, Data::specials, (w / 16) % 2 == 1);
  // The split shapes.
  add({2, 20, 20, {2, 1, 3, 1}}, 5, Data::specials);
  add({1, 9, 40, {3, 2, 0, 5}}, 17, Data::reals);
  add({3, 7, 7, {1, 1, 1, 1}}, 64, Data::specials);
  if (sweep == Sweep::large) {
    add({4, 64, 64, {1, 2, 1, 2}}, 3, Data::reals);
    add({2, 28, 28, {3, 3, 3, 3}}, 64, Data::reals);
    add({1, 512, 512, {1, 1, 1, 1}}, 12, Data::specials);
    for (std::size_t i = 0; i < nc; ++i)
      for (std::size_t g = 0; g < kGeometryCount; ++g) add(kGeometries[g], kChannels[i], Data::reals);
  }
  return cases;
}

}  // namespace cnnkit::test::equiv

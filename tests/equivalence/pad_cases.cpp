// The pad shape sweep.
#include <cmath>
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
const double kValues[] = {0.0, -1.5, std::numeric_limits<double>::quiet_NaN(), 2.0};

std::string value_name(double v) {
  if (std::isnan(v)) return "vnan";
  if (v == -1.5) return "vm1_5";
  return name_of("v", static_cast<int>(v));
}

}  // namespace

std::vector<PadCase> pad_cases(Sweep sweep) {
  std::vector<PadCase> cases;
  const std::size_t nc = kChannels.size();
  std::size_t index = 0;
  const auto add = [&](const PadShape& g, std::int64_t c, Data data) {
    const NhwcShape x{g.n, g.h, g.w, c};
    const double value = kValues[index % 4];
    const bool misaligned = index % 2 == 1;
    ++index;
    cases.push_back({name_of("x", dims_name(x), "_", pad_name(g.pad), "_", value_name(value), "_", data_name(data),
                             misaligned ? "_ua" : ""),
                     ops::PadProblem{x, pad_output_shape(x, g.pad), g.pad}, value, data, misaligned});
  };
  for (std::size_t i = 0; i < nc; ++i) add(kGeometries[i % kGeometryCount], kChannels[i], Data::integers);
  for (std::size_t i = 0; i < nc; ++i) add(kGeometries[(i + 6) % kGeometryCount], kChannels[i], Data::specials);
  if (sweep == Sweep::large) {
    add({4, 64, 64, {1, 2, 1, 2}}, 3, Data::reals);
    add({2, 28, 28, {3, 3, 3, 3}}, 64, Data::reals);
    for (std::size_t i = 0; i < nc; ++i)
      for (std::size_t g = 0; g < kGeometryCount; ++g) add(kGeometries[g], kChannels[i], Data::reals);
  }
  return cases;
}

}  // namespace cnnkit::test::equiv

// The ReLU length sweep.
#include "relu_harness.hpp"

namespace cnnkit::test::equiv {
namespace {

std::vector<std::int64_t> lengths(Sweep sweep) {
  std::vector<std::int64_t> n(kChannels.begin(), kChannels.end());
  for (std::int64_t extra : {65, 127, 1000, 4097}) n.push_back(extra);
  if (sweep == Sweep::large)
    for (std::int64_t extra : {100003, 1 << 20}) n.push_back(extra);
  return n;
}

const char* layout_name(ReluLayout l) {
  switch (l) {
    case ReluLayout::separate: return "separate";
    case ReluLayout::in_place: return "inplace";
    case ReluLayout::dx_is_dy: return "dx_is_dy";
    case ReluLayout::dx_is_x: return "dx_is_x";
  }
  return "unknown";
}

std::vector<ReluCase> make_cases(Sweep sweep, std::initializer_list<ReluLayout> layouts) {
  std::vector<ReluCase> cases;
  std::size_t index = 0;
  for (std::int64_t n : lengths(sweep))
    for (ReluLayout layout : layouts)
      for (Data data : {Data::specials, Data::reals}) {
        const bool misaligned = index++ % 2 == 1;
        cases.push_back({name_of("n", n, "_", layout_name(layout), "_", data_name(data), misaligned ? "_ua" : ""),
                         ops::EltwiseProblem{n, layout != ReluLayout::separate}, layout, data, misaligned});
      }
  return cases;
}

}  // namespace

std::vector<ReluCase> relu_fwd_cases(Sweep sweep) {
  return make_cases(sweep, {ReluLayout::separate, ReluLayout::in_place});
}

std::vector<ReluCase> relu_bwd_cases(Sweep sweep) {
  return make_cases(sweep, {ReluLayout::separate, ReluLayout::dx_is_dy, ReluLayout::dx_is_x});
}

}  // namespace cnnkit::test::equiv

// The dense shape sweep.
#include <set>

#include "dense_harness.hpp"

namespace cnnkit::test::equiv {
namespace {

struct DenseShape {
  std::int64_t m, n_in, n_out;
};

std::vector<DenseShape> dense_shapes(Sweep sweep) {
  std::vector<DenseShape> shapes;
  const std::size_t nc = kChannels.size();
  for (std::size_t i = 0; i < nc; ++i) shapes.push_back({kChannels[i], kChannels[(i + 4) % nc], kChannels[(i + 7) % nc]});
  for (std::size_t i = 0; i < nc; ++i) shapes.push_back({kChannels[(i + 6) % nc], kChannels[(i + 9) % nc], kChannels[i]});
  if (sweep == Sweep::large) {
    for (std::size_t i = 0; i < nc; ++i)
      for (std::size_t j = 0; j < nc; ++j) shapes.push_back({kChannels[(i + j) % nc], kChannels[i], kChannels[j]});
    shapes.push_back({64, 128, 6});     // the seed ConvNet's FC layer, a minibatch of 64
    shapes.push_back({256, 512, 128});
    shapes.push_back({1, 4096, 10});
  }
  return shapes;
}

std::string shape_name(std::int64_t m, std::int64_t n_in, std::int64_t n_out) {
  return name_of("m", m, "_in", n_in, "_out", n_out);
}

}  // namespace

std::vector<DenseCase> dense_cases(Sweep sweep, bool with_bias) {
  std::vector<DenseCase> cases;
  std::size_t index = 0;
  for (const DenseShape& s : dense_shapes(sweep)) {
    const bool bias = with_bias && index % 2 == 0;
    for (Data data : {Data::integers, Data::reals}) {
      const bool misaligned = (index + (data == Data::reals ? 1 : 0)) % 2 == 1;
      cases.push_back({name_of(shape_name(s.m, s.n_in, s.n_out), bias ? "_bias" : "", "_", data_name(data),
                               misaligned ? "_ua" : ""),
                       ops::DenseProblem{s.m, s.n_in, s.n_out, bias}, data, misaligned});
    }
    ++index;
  }
  return cases;
}

std::vector<DenseCase> dense_bias_cases(Sweep sweep) {
  std::vector<DenseCase> cases;
  std::set<std::string> seen;
  std::size_t index = 0;
  for (const DenseShape& s : dense_shapes(sweep)) {
    for (Data data : {Data::integers, Data::reals}) {
      const bool misaligned = (index + (data == Data::reals ? 1 : 0)) % 2 == 1;
      std::string name = name_of("m", s.m, "_out", s.n_out, "_", data_name(data), misaligned ? "_ua" : "");
      if (seen.insert(name).second)
        cases.push_back({std::move(name), ops::DenseProblem{s.m, 0, s.n_out, false}, data, misaligned});
    }
    ++index;
  }
  return cases;
}

}  // namespace cnnkit::test::equiv

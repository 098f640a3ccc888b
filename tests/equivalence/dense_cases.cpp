// The dense shape sweep.
#include <set>

#include "dense_harness.hpp"

namespace cnnkit::test::equiv {
namespace {

struct DenseShape {
  std::int64_t m, n_in, n_out;
};

// The fast paths' edges (tiles: AVX-512 14 rows x 32|16 columns, AVX2 6 x 16|8, SSE 4 x 8|4 for
// float, half the columns for double; K blocks of 256 (AVX-512), 512 (AVX2), 1024 (SSE) when
// unforced; see src/ops/dense/dense_gemm.hpp and dense_drivers.cpp for when each rung runs).
std::vector<DenseShape> dense_shapes(Sweep sweep, bool forward) {
  std::vector<DenseShape> shapes;
  const std::size_t nc = kChannels.size();
  for (std::size_t i = 0; i < nc; ++i) shapes.push_back({kChannels[i], kChannels[(i + 4) % nc], kChannels[(i + 7) % nc]});
  for (std::size_t i = 0; i < nc; ++i) shapes.push_back({kChannels[(i + 6) % nc], kChannels[(i + 9) % nc], kChannels[i]});
  // With kChannels, every column tail of 16-lane float and 8-lane double vectors (t mod 16 and
  // t mod 8 take every value), in one- and two-vector tiles, as n_in and n_out (and as rows of
  // dW); 13 rows: a row tail of every tier's tile.
  for (std::int64_t t : {2, 5, 6, 9, 10, 27, 28, 29, 30}) shapes.push_back({13, t, t});
  // Sums longer than every tier's K block (n_in for forward, n_out for backward data, m for
  // backward weights).
  shapes.push_back({5, 1100, 9});
  shapes.push_back({3, 7, 1100});
  shapes.push_back({1100, 5, 9});
  // Several blocked tiles, so threaded variants split: 15 micro-panels of AVX-512 rows in two row
  // blocks, the backward products' rows and columns likewise; the blocked serial sibling accepts
  // it unforced for backward data (m >= 32).
  shapes.push_back({200, 300, 100});
  // Big enough that the serial blocked rungs accept them unforced, so threaded results are also
  // checked bitwise against them: backward weights (m >= 256, dy >= 1 MiB; two K blocks) and,
  // forward only (it is the costliest case), forward (m >= 32, W > 1 MiB; K blocks, two row blocks
  // of AVX2 and SSE, three column blocks).
  shapes.push_back({257, 13, 1025});
  if (forward) shapes.push_back({33, 520, 520});
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
  for (const DenseShape& s : dense_shapes(sweep, with_bias)) {
    const bool bias = with_bias && index % 2 == 0;
    // Every third shape also with infinities and NaNs (dense_detail::fill_inputs).
    std::vector<Data> kinds = {Data::integers, Data::reals};
    if (index % 3 == 0) kinds.push_back(Data::specials);
    for (Data data : kinds) {
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
  for (const DenseShape& s : dense_shapes(sweep, false)) {
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

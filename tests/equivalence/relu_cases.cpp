// The ReLU sweeps. The variants' span kernel (src/ops/eltwise/span_map.hpp) has a masked head up
// to y's vector boundary, a 4-vector loop, a 1-vector loop and a masked tail; the driver places
// buffers on a 64-byte line or 1 / 3 elements past one, so heads of 0, 15 and 13 elements occur.
// The tail sweep runs counts 1..31 and 64..95, aligned below 16 and from 64 to 79, misaligned
// from 16 to 31 and from 80 to 95: every tail length of 16 float and 8 double lanes after every
// head, with and without the unrolled loop. Threaded variants run forced
// at 2, 3 and 7 threads, so the longer counts split mid-way (4097 floats = 257 lines). The large
// sweep adds passes past the streaming threshold (a 20 MiB working set), where the serial stream
// variants run unforced.
#include "relu_harness.hpp"

namespace cnnkit::test::equiv {
namespace {

std::vector<std::int64_t> lengths(Sweep sweep) {
  std::vector<std::int64_t> n(kChannels.begin(), kChannels.end());
  for (std::int64_t extra : {65, 127, 1000, 4097, 70001}) n.push_back(extra);
  if (sweep == Sweep::large)
    for (std::int64_t extra : {100003, 1 << 20}) n.push_back(extra);
  return n;
}

// Counts whose f32 working set passes the stream threshold: 3 Mi elements is 24 MiB for forward
// (x, y), 36 MiB for backward (x, dy, dx).
constexpr std::int64_t kPastStreamThreshold = (std::int64_t{3} << 20) + 29;

const char* layout_name(ReluLayout l) {
  switch (l) {
    case ReluLayout::separate: return "separate";
    case ReluLayout::in_place: return "inplace";
    case ReluLayout::dx_is_dy: return "dx_is_dy";
    case ReluLayout::dx_is_x: return "dx_is_x";
  }
  return "unknown";
}

ReluCase make_case(const std::string& prefix, std::int64_t n, ReluLayout layout, Data data, bool misaligned) {
  return {name_of(prefix, "n", n, "_", layout_name(layout), "_", data_name(data), misaligned ? "_ua" : ""),
          ops::EltwiseProblem{n, layout != ReluLayout::separate}, layout, data, misaligned};
}

std::vector<ReluCase> make_cases(Sweep sweep, std::vector<ReluLayout> layouts) {
  std::vector<ReluCase> cases;
  std::size_t index = 0;
  for (std::int64_t n : lengths(sweep))
    for (ReluLayout layout : layouts)
      for (Data data : {Data::specials, Data::reals}) cases.push_back(make_case("", n, layout, data, index++ % 2 == 1));
  // The tail sweep: special values, the layouts taking turns.
  for (std::int64_t n = 1; n < 96; n = n == 31 ? 64 : n + 1)
    cases.push_back(make_case("tail_", n, layouts[static_cast<std::size_t>(n) % layouts.size()], Data::specials,
                              (n / 16) % 2 == 1));
  if (sweep == Sweep::large)
    for (bool misaligned : {false, true})
      cases.push_back(make_case("stream_", kPastStreamThreshold, ReluLayout::separate, Data::specials, misaligned));
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

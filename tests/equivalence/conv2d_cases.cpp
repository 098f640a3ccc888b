// The conv2d shape sweep.
#include <limits>
#include <set>

#include "cnnkit/geometry.hpp"
#include "conv2d_harness.hpp"

namespace cnnkit::test::equiv {
namespace {

// Twelve geometries; shape i of a channel pairing uses geometry i. Channels are filled in later.
// {n, h, w, -, -, kh, kw, stride_h, stride_w, pad {t, b, l, r}, dilation_h, dilation_w, groups}
const ConvShape kGeometries[] = {
    {1, 5, 5, 0, 0, 3, 3, 1, 1, {0, 0, 0, 0}, 1, 1, 1},     // valid 3x3
    {2, 7, 9, 0, 0, 3, 3, 1, 1, {1, 1, 1, 1}, 1, 1, 1},     // same 3x3, odd sizes, batch 2
    {1, 6, 6, 0, 0, 4, 4, 1, 1, {1, 2, 1, 2}, 1, 1, 1},     // TF SAME 4x4: asymmetric pads
    {2, 9, 7, 0, 0, 3, 2, 2, 3, {0, 1, 2, 0}, 1, 1, 1},     // non-square kernel and strides
    {1, 5, 5, 0, 0, 5, 5, 1, 1, {0, 0, 0, 0}, 1, 1, 1},     // kernel = input (global): 1x1 output
    {3, 3, 3, 0, 0, 1, 1, 1, 1, {0, 0, 0, 0}, 1, 1, 1},     // pointwise, batch 3
    {1, 11, 10, 0, 0, 3, 3, 3, 3, {2, 1, 0, 2}, 2, 2, 1},   // stride 3 with dilation 2
    {2, 7, 7, 0, 0, 2, 3, 2, 1, {1, 0, 0, 1}, 1, 3, 1},     // dilation 3 on one axis only
    {1, 1, 1, 0, 0, 1, 1, 1, 1, {0, 0, 0, 0}, 1, 1, 1},     // 1x1 input
    {2, 3, 3, 0, 0, 5, 5, 1, 1, {1, 1, 1, 1}, 1, 1, 1},     // kernel larger than the input
    {1, 13, 13, 0, 0, 7, 7, 2, 2, {3, 3, 3, 3}, 1, 1, 1},   // 7x7 stride 2 stem
    {2, 8, 8, 0, 0, 3, 3, 2, 2, {0, 1, 0, 1}, 1, 1, 1},     // TF SAME stride 2
};
constexpr std::size_t kGeometryCount = sizeof(kGeometries) / sizeof(kGeometries[0]);

ConvShape with_channels(ConvShape s, std::int64_t c_in, std::int64_t c_out) {
  s.c_in = c_in;
  s.c_out = c_out;
  return s;
}

// Grouped and depthwise convolutions: {n, h, w, c_in, c_out, kh, kw, sh, sw, pad, dh, dw, groups}.
const ConvShape kGrouped[] = {
    {2, 7, 7, 3, 3, 3, 3, 1, 1, {1, 1, 1, 1}, 1, 1, 3},       // depthwise
    {1, 9, 9, 17, 17, 3, 3, 2, 2, {1, 1, 1, 1}, 1, 1, 17},    // depthwise, odd channels, stride 2
    {1, 6, 6, 32, 32, 3, 3, 1, 1, {0, 1, 1, 0}, 2, 2, 32},    // depthwise, dilated, asymmetric pads
    {1, 5, 5, 16, 32, 3, 3, 1, 1, {1, 1, 1, 1}, 1, 1, 16},    // depthwise, channel multiplier 2
    {1, 5, 5, 32, 64, 3, 3, 1, 1, {1, 1, 1, 1}, 1, 1, 2},     // 2 groups
    {2, 7, 7, 16, 8, 3, 3, 2, 2, {1, 1, 1, 1}, 1, 1, 4},      // 4 groups, c_out/groups = 2
    {1, 6, 5, 15, 33, 3, 3, 1, 1, {2, 2, 1, 1}, 2, 2, 3},     // 3 groups of 5 -> 11, dilated
    {1, 4, 4, 64, 64, 3, 3, 1, 1, {1, 1, 1, 1}, 1, 1, 64},    // depthwise 64
    {2, 5, 5, 8, 8, 3, 3, 3, 3, {2, 0, 1, 0}, 1, 1, 8},       // depthwise stride 3
    // The depthwise kernels (channels in the lanes): channel tails after whole vectors, interior
    // runs longer than a tile, EfficientNet's 5x5 stride 2 with pads 1,2, stride with dilation, a
    // kernel wider than the input (no interior pixel), several backward-weights row chunks, and a
    // 7-wide kernel (backward weights' 5 + 2 tap groups) with unequal strides.
    {1, 11, 21, 37, 37, 3, 3, 1, 1, {1, 1, 1, 1}, 1, 1, 37},
    {2, 13, 14, 24, 24, 5, 5, 2, 2, {1, 2, 1, 2}, 1, 1, 24},
    {1, 9, 17, 20, 20, 3, 3, 2, 2, {2, 2, 2, 2}, 2, 2, 20},
    {1, 3, 4, 9, 9, 5, 5, 1, 1, {2, 2, 2, 2}, 1, 1, 9},
    {2, 64, 40, 5, 5, 3, 3, 1, 1, {1, 1, 1, 1}, 1, 1, 5},
    {1, 10, 12, 16, 16, 7, 7, 1, 3, {3, 3, 3, 3}, 1, 1, 16},
    // Pointwise layers, which the blocked plans refold into long rows (pointwise_refolded): batch 3
    // of 7x7 (147 pixels -> rows of 49), 2 groups of 2x13x11 (286 pixels -> rows of 26).
    {3, 7, 7, 24, 40, 1, 1, 1, 1, {0, 0, 0, 0}, 1, 1, 1},
    {2, 13, 11, 18, 34, 1, 1, 1, 1, {0, 0, 0, 0}, 1, 1, 2},
    // Not pointwise: a 1x1 kernel with stride 4 on 4x4 (one output, so the stride is irrelevant,
    // but x holds pixels no output reads: must not be refolded; a fuzzer finding).
    {2, 4, 4, 1, 6, 1, 1, 4, 4, {0, 0, 0, 0}, 1, 1, 1},
    {3, 5, 6, 20, 40, 1, 1, 5, 6, {0, 0, 0, 0}, 1, 1, 1},
};

// Padding beyond the dilated kernel extent (dy cells no dx cell reads, dx cells that read only
// padding), strides beyond the kernel (dx cells no tap reaches), and few input channels per group
// against many output channels (backward-data's gemm form), with groups and dilation:
// {n, h, w, c_in, c_out, kh, kw, sh, sw, pad, dh, dw, groups}.
const ConvShape kEdgeGeometries[] = {
    {1, 4, 5, 5, 7, 1, 1, 1, 1, {3, 2, 4, 1}, 1, 1, 1},       // 1x1 with every pad > extent
    {2, 5, 4, 3, 16, 3, 2, 2, 3, {5, 4, 6, 3}, 1, 2, 1},      // pads > extents, strides, dilation
    {1, 9, 9, 20, 6, 2, 2, 3, 3, {0, 0, 0, 0}, 1, 1, 1},      // stride 3 > kernel 2
    {1, 7, 8, 6, 48, 3, 3, 2, 1, {2, 1, 1, 3}, 2, 1, 2},      // 2 groups of 3 -> 24, dilated rows
    {1, 9, 7, 2, 32, 2, 3, 1, 2, {3, 0, 0, 4}, 1, 2, 1},      // c_in 2 -> 32, dilated columns
    {2, 6, 6, 3, 17, 4, 4, 2, 2, {1, 2, 1, 2}, 1, 1, 1},      // c_in 3 stem-like, odd c_out
    {1, 3, 4, 33, 260, 7, 7, 1, 1, {3, 3, 3, 3}, 1, 1, 1},    // weights past the cache budget: channel blocks
    {1, 10, 30, 7, 16, 7, 7, 1, 1, {3, 3, 3, 3}, 1, 1, 1},    // backward-data gemm Z in several row chunks
    {2, 9, 11, 1, 64, 3, 3, 1, 1, {0, 0, 0, 0}, 1, 1, 1},     // gemm with 9 columns: part of one avx512 vector
    {1, 12, 10, 1, 20, 3, 3, 2, 2, {1, 1, 1, 1}, 1, 1, 1},    // the same, strided and padded, c_out past 16
    {2, 8, 8, 3, 8, 4, 4, 1, 1, {1, 2, 1, 2}, 1, 1, 1},       // SIGNS conv1: direct on 8-lane tiers now
    {1, 7, 9, 1, 12, 5, 5, 1, 1, {0, 0, 0, 0}, 1, 1, 1},      // c_out 12: direct on 8-lane tiers
    // Wide rows and few output channels (forward's planar kernel): full blocks of pixel vectors
    // and a rest needing every vector count up to a full block, on each tier's blocking.
    {1, 4, 212, 3, 3, 3, 3, 1, 1, {1, 1, 1, 1}, 1, 1, 1},     // 212 = 112 + 100 (avx512), 8*24 + 20 (avx2)
    {1, 3, 88, 5, 8, 2, 2, 1, 1, {0, 1, 0, 1}, 1, 1, 1},      // 88 = 48 + 40 (avx512, 8 channels)
    {2, 3, 250, 2, 1, 3, 3, 2, 1, {1, 0, 0, 0}, 1, 1, 1},     // 248 = 128 + 120, stride_h 2
    {1, 5, 154, 4, 2, 3, 3, 1, 1, {2, 2, 2, 2}, 2, 2, 1},     // dilated, padded, 2 channels
    // Few dW units and several pixel chunks: backward weights cuts the pixels into fixed parts
    // with partial dWs (conv2d_bwd_weights_plan.hpp), channel-vector and rows-vectorised tiles.
    {3, 30, 30, 8, 16, 1, 1, 1, 1, {0, 0, 0, 0}, 1, 1, 1},
    {2, 40, 33, 3, 4, 3, 3, 1, 1, {1, 1, 1, 1}, 1, 1, 1},
    // Few wide rows: on several threads the forward cuts them into ranges of columns too (the
    // second strided). An even count of shapes here keeps the later cases' bias parity.
    {1, 2, 120, 16, 64, 3, 3, 1, 1, {1, 1, 1, 1}, 1, 1, 1},
    {2, 3, 96, 8, 32, 3, 3, 1, 2, {1, 1, 1, 1}, 1, 1, 1},
};

// Non-finite values where padding meets them (README, "Non-finite values": a tap outside the
// input is absent, so an infinite weight or dy facing only padding gives no NaN). Each blocked
// kernel form is here: channel vectors, forward's planar kernel and backward-weights' rows-
// vectorised tiles (few output channels, wide rows), backward data's stride phases and gemm form
// (few input channels), groups, outputs wholly in the padding, a kernel larger than the input.
// {n, h, w, c_in, c_out, kh, kw, sh, sw, pad, dh, dw, groups}.
const ConvShape kNonFinite[] = {
    {1, 8, 8, 4, 8, 3, 3, 1, 1, {1, 1, 1, 1}, 1, 1, 1},       // issue 9's reproducer
    {1, 4, 40, 3, 3, 3, 3, 1, 1, {1, 1, 1, 1}, 1, 1, 1},      // planar forward, rows-vectorised dW
    {1, 4, 5, 5, 7, 1, 1, 1, 1, {3, 2, 4, 1}, 1, 1, 1},       // outputs lying wholly in the padding
    {2, 5, 4, 3, 16, 3, 2, 2, 3, {5, 4, 6, 3}, 1, 2, 1},      // backward-data gemm form, pads > extents
    {1, 7, 7, 17, 9, 3, 3, 2, 2, {1, 2, 2, 1}, 2, 1, 1},      // stride phases, dilated rows
    {1, 6, 6, 8, 8, 3, 3, 1, 1, {1, 1, 1, 1}, 1, 1, 4},       // groups
    {2, 3, 3, 4, 5, 5, 5, 1, 1, {1, 1, 1, 1}, 1, 1, 1},       // kernel larger than the input
};

// Where the specials go: the first tap of the first channels (the corner every top-left window
// reads from the padding), the last tap of the last ones, a middle one, and the first and last
// elements of x and dy. `with_data`: also in x (and dy), not only in the weights.
std::vector<ConvPlant> nonfinite_plants(const ops::Conv2dProblem& p, bool with_data) {
  const double inf = std::numeric_limits<double>::infinity(), nan = std::numeric_limits<double>::quiet_NaN();
  const HwioShape& w = p.w;
  const std::int64_t w_count = w.kh * w.kw * w.c_in_per_group * w.c_out;
  const std::int64_t y_count = p.y.n * p.y.h * p.y.w * p.y.c, x_count = p.x.n * p.x.h * p.x.w * p.x.c;
  std::vector<ConvPlant> plants = {
      {"w", 0, inf},                                                            // tap (0, 0), c 0, o 0
      {"w", w_count - 1, nan},                                                  // last tap, last c, last o
      {"w", ((w.kh / 2 * w.kw + w.kw / 2) * w.c_in_per_group) * w.c_out + (w.c_out > 1 ? 1 : 0), -inf},
      {"w", w_count / 3, -0.0},
      {"dy", 0, inf},                                                           // output (0, 0), o 0
      {"dy", y_count - 1, -inf},
      {"dy", y_count / 2, nan},
      {"dy", y_count / 3, -0.0},
  };
  if (with_data) {
    plants.push_back({"x", 0, -inf});
    plants.push_back({"x", x_count - 1, nan});
    plants.push_back({"x", x_count / 2, -0.0});
  }
  return plants;
}

// Bigger shapes for CNNKIT_TEST_LARGE=1.
const ConvShape kLarge[] = {
    {4, 28, 28, 32, 64, 3, 3, 1, 1, {1, 1, 1, 1}, 1, 1, 1},
    {1, 64, 64, 3, 8, 4, 4, 1, 1, {1, 2, 1, 2}, 1, 1, 1},     // the seed ConvNet's conv1 (SAME)
    {2, 8, 8, 8, 16, 2, 2, 1, 1, {0, 1, 0, 1}, 1, 1, 1},      // its conv2 (SAME)
    {1, 14, 14, 64, 64, 3, 3, 1, 1, {1, 1, 1, 1}, 1, 1, 1},
    {2, 28, 28, 64, 64, 3, 3, 2, 2, {0, 1, 0, 1}, 1, 1, 64},
    {3, 17, 19, 33, 31, 5, 3, 2, 1, {2, 1, 0, 2}, 2, 1, 1},
};

ops::Conv2dProblem make_problem(const ConvShape& s, bool bias) {
  const Conv2dParams params{s.stride_h, s.stride_w, s.pad, s.dilation_h, s.dilation_w, s.groups};
  const NhwcShape x{s.n, s.h, s.w, s.c_in};
  const HwioShape w{s.kh, s.kw, s.c_in / s.groups, s.c_out};
  return ops::Conv2dProblem{x, w, conv2d_output_shape(x, w, params), params, bias};
}

std::string shape_name(const ConvShape& s) {
  return name_of("n", s.n, "_", s.h, "x", s.w, "_c", s.c_in, "_o", s.c_out, "_k", s.kh, "x", s.kw, "_s", s.stride_h,
                 "x", s.stride_w, "_", pad_name(s.pad), "_d", s.dilation_h, "x", s.dilation_w, "_g", s.groups);
}

}  // namespace

std::vector<ConvShape> conv_shapes(Sweep sweep) {
  std::vector<ConvShape> shapes;
  const std::size_t nc = kChannels.size();
  // Two rotations of the channel list: every count is c_in twice and c_out twice, with different
  // partners and geometries.
  for (std::size_t i = 0; i < nc; ++i)
    shapes.push_back(with_channels(kGeometries[i % kGeometryCount], kChannels[i], kChannels[(i + 5) % nc]));
  for (std::size_t i = 0; i < nc; ++i)
    shapes.push_back(with_channels(kGeometries[(i + 6) % kGeometryCount], kChannels[i], kChannels[(i + 3) % nc]));
  for (const auto& s : kGrouped) shapes.push_back(s);
  for (const auto& s : kEdgeGeometries) shapes.push_back(s);
  if (sweep == Sweep::large) {
    for (std::size_t i = 0; i < nc; ++i)
      for (std::size_t j = 0; j < nc; ++j)
        shapes.push_back(with_channels(kGeometries[(i + j) % kGeometryCount], kChannels[i], kChannels[j]));
    for (const auto& s : kLarge) shapes.push_back(s);
  }
  return shapes;
}

std::vector<ConvCase> conv_cases(Sweep sweep, bool with_bias) {
  std::vector<ConvCase> cases;
  std::set<std::string> seen;
  std::size_t index = 0;
  for (const ConvShape& s : conv_shapes(sweep)) {
    const bool bias = with_bias && index % 2 == 0;
    for (Data data : {Data::integers, Data::reals}) {
      const bool misaligned = (index + (data == Data::reals ? 1 : 0)) % 2 == 1;
      std::string name = name_of(shape_name(s), bias ? "_bias" : "", "_", data_name(data), misaligned ? "_ua" : "");
      if (seen.insert(name).second) cases.push_back({std::move(name), make_problem(s, bias), data, misaligned});
    }
    ++index;
  }
  // Integer data with specials in w and dy only (exact: every finite sum is exact), and real data
  // with specials in x as well.
  for (const ConvShape& s : kNonFinite) {
    const bool bias = with_bias && index % 2 == 0;
    for (Data data : {Data::integers, Data::reals}) {
      const bool misaligned = (index + (data == Data::reals ? 1 : 0)) % 2 == 1;
      ops::Conv2dProblem problem = make_problem(s, bias);
      std::vector<ConvPlant> plants = nonfinite_plants(problem, data == Data::reals);
      std::string name = name_of("nonfinite_", shape_name(s), bias ? "_bias" : "", "_", data_name(data),
                                 misaligned ? "_ua" : "");
      cases.push_back({std::move(name), problem, data, misaligned, std::move(plants)});
    }
    ++index;
  }
  return cases;
}

std::vector<ConvBiasCase> conv_bias_cases(Sweep sweep) {
  std::vector<ConvBiasCase> cases;
  std::set<std::string> seen;
  std::size_t index = 0;
  for (const ConvShape& s : conv_shapes(sweep)) {
    const NhwcShape dy = make_problem(s, false).y;
    for (Data data : {Data::integers, Data::reals}) {
      const bool misaligned = (index + (data == Data::reals ? 1 : 0)) % 2 == 1;
      std::string name = name_of("dy", dims_name(dy), "_", data_name(data), misaligned ? "_ua" : "");
      if (seen.insert(name).second) cases.push_back({std::move(name), ops::Conv2dBiasProblem{dy}, data, misaligned});
    }
    ++index;
  }
  // The bias gradient has no padding, so non-finite dy needs no rule beyond the sum's; checked
  // anyway with dy full of specials (+-inf, NaN, -0) on the non-finite shapes.
  for (const ConvShape& s : kNonFinite) {
    const NhwcShape dy = make_problem(s, false).y;
    std::string name = name_of("nonfinite_dy", dims_name(dy), "_", data_name(Data::specials));
    if (seen.insert(name).second) cases.push_back({std::move(name), ops::Conv2dBiasProblem{dy}, Data::specials, false});
  }
  return cases;
}

}  // namespace cnnkit::test::equiv

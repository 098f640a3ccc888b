// The pool2d shape sweep.
#include <set>

#include "cnnkit/geometry.hpp"
#include "pool2d_harness.hpp"

namespace cnnkit::test::equiv {
namespace {

struct PoolShape {
  std::int64_t n, h, w, kh, kw, sh, sw;
  Padding pad;
  bool ceil_mode;
};

const PoolShape kGeometries[] = {
    {1, 5, 5, 2, 2, 2, 2, {0, 0, 0, 0}, false},   // floor mode drops the last row and column
    {2, 5, 5, 2, 2, 2, 2, {0, 0, 0, 0}, true},    // ceil mode keeps partial windows
    {1, 7, 6, 3, 3, 2, 2, {1, 1, 1, 1}, true},
    {2, 6, 6, 3, 3, 3, 3, {0, 2, 0, 2}, false},   // padding at the end only
    {1, 9, 9, 3, 3, 1, 1, {1, 0, 0, 1}, false},   // overlapping windows, asymmetric pads
    {2, 4, 5, 4, 5, 1, 1, {0, 0, 0, 0}, false},   // window = input (global)
    {1, 3, 3, 2, 2, 1, 1, {1, 1, 1, 1}, true},
    {2, 8, 8, 8, 8, 8, 8, {0, 0, 0, 0}, false},   // global, stride = kernel
    {1, 1, 1, 1, 1, 1, 1, {0, 0, 0, 0}, false},   // 1x1
    {1, 5, 5, 2, 2, 2, 2, {1, 1, 1, 1}, true},    // ceil mode drops a window starting in the padding
    {2, 11, 7, 3, 2, 2, 3, {1, 2, 0, 1}, true},   // non-square window and strides
    {1, 10, 10, 3, 3, 3, 3, {1, 1, 1, 1}, true},
};
constexpr std::size_t kGeometryCount = sizeof(kGeometries) / sizeof(kGeometries[0]);

struct SizedPool {
  PoolShape shape;
  std::int64_t c;
  bool light = false;  // a reduced set of variations (the extra tail and thread-split shapes)
};

// Channel counts whose tails (C mod lanes) the standard channel list misses: every tail 2..14 of
// 16-lane float, every tail 2..6 of 8-lane double; 81 = four vectors + one + a tail on every tier.
constexpr std::int64_t kTailChannels[] = {18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 81};

// Fewer channels than one vector (the sliding kernels: vectors along each row's w*C axis). Rows of
// several vectors plus tails, windows as large as the stride, overlapping at stride 1, stride >
// kernel, padding on each side, ceil mode, row lengths whose compaction ends on the row's last
// pixels, rows past one L1 buffer segment (2301 columns), and the seeds' tiny pools. Channel
// counts 1-15: whole avx2/avx512 tails, C = 8 (half an avx512 float vector), and for double
// (8 lanes on avx512) 1, 3 and 7.
const SizedPool kFewChannelPools[] = {
    {{1, 7, 41, 2, 2, 2, 2, {0, 0, 0, 0}, false}, 1},   // window = stride
    {{2, 9, 37, 3, 3, 1, 1, {0, 0, 0, 0}, false}, 3},   // overlapping, stride 1 (written in place)
    {{1, 8, 29, 2, 2, 3, 3, {0, 0, 0, 0}, false}, 5},   // stride > kernel
    {{1, 10, 33, 3, 3, 2, 2, {1, 1, 1, 1}, false}, 7},  // padding on every side
    {{2, 11, 35, 3, 3, 2, 2, {0, 1, 2, 1}, true}, 2},   // ceil mode, asymmetric pads
    {{1, 6, 45, 5, 5, 3, 3, {0, 0, 0, 0}, false}, 3},   // the seeds' 5x5/3 image pool
    {{1, 9, 26, 3, 2, 2, 3, {1, 0, 1, 0}, true}, 8},
    {{1, 5, 23, 3, 3, 1, 2, {1, 1, 0, 1}, true}, 15},
    {{1, 5, 13, 4, 4, 1, 1, {2, 1, 2, 1}, true}, 1},    // stride 1 with padding
    {{1, 6, 19, 3, 3, 3, 3, {1, 1, 1, 1}, true}, 5},
    {{1, 3, 2301, 2, 2, 2, 2, {0, 0, 0, 0}, false}, 1},  // several buffer segments per row
    {{1, 3, 2301, 3, 3, 2, 2, {0, 1, 1, 1}, true}, 3},
    {{2, 4, 4, 4, 4, 1, 1, {0, 0, 0, 0}, false}, 3},    // the seeds' f=4 and f=3 s=2 pools
    {{2, 4, 4, 3, 3, 2, 2, {0, 0, 0, 0}, false}, 3},
    {{5, 5, 3, 2, 2, 1, 1, {0, 0, 0, 0}, false}, 2},    // the seeds' backward example (rows < a vector)
    {{1, 4, 17, 2, 3, 2, 4, {0, 0, 0, 0}, false}, 7},   // stride > kernel, per-pixel path
    {{1, 7, 31, 3, 3, 1, 1, {1, 1, 1, 1}, true}, 16},   // one vector of channels (avx512 floats), stride 1
    {{2, 6, 29, 2, 2, 1, 1, {0, 0, 0, 0}, false}, 8},   // one vector: avx2_fma floats, avx512 doubles
    {{1, 5, 90, 3, 3, 3, 3, {1, 1, 1, 1}, true}, 13},   // groups of per-pixel vectors, avx512 floats too
    {{2, 4, 70, 2, 2, 2, 2, {0, 0, 0, 0}, false}, 16},  // one vector per pixel, C = lanes
    // Rows shorter than the tier's vector run a narrower tier's kernel, here with more channels
    // than its vector at stride > 1 (the fuzzer's find: doubles, C = 3 on sse4_2's 2 lanes; floats,
    // C = 5 on sse4_2's 4 and C = 11 on avx2_fma's 8).
    {{2, 11, 1, 1, 1, 1, 2, {0, 0, 0, 0}, true}, 3},
    {{1, 6, 1, 1, 1, 2, 2, {0, 0, 0, 0}, true}, 5},
    {{2, 5, 1, 2, 1, 2, 3, {1, 0, 0, 0}, true}, 11},
};

std::vector<SizedPool> pool_shapes(Sweep sweep) {
  std::vector<SizedPool> shapes;
  const std::size_t nc = kChannels.size();
  for (std::size_t i = 0; i < nc; ++i) shapes.push_back({kGeometries[i % kGeometryCount], kChannels[i]});
  for (std::size_t i = 0; i < nc; ++i) shapes.push_back({kGeometries[(i + 6) % kGeometryCount], kChannels[i]});
  shapes.push_back({{1, 64, 64, 8, 8, 8, 8, {0, 0, 0, 0}, false}, 8});  // the seed ConvNet's pool1 (SAME)
  shapes.push_back({{2, 8, 8, 4, 4, 4, 4, {0, 0, 0, 0}, false}, 16});   // its pool2 (SAME)
  // Tails on overlapping windows (read-modify-write) and on disjoint ones (direct writes), alternating.
  for (std::size_t i = 0; i < sizeof(kTailChannels) / sizeof(kTailChannels[0]); ++i)
    shapes.push_back({i % 2 == 0 ? PoolShape{1, 4, 5, 3, 3, 1, 2, {1, 1, 1, 0}, true}
                                 : PoolShape{1, 5, 4, 2, 2, 2, 2, {0, 1, 0, 0}, true},
                      kTailChannels[i], true});
  // Thousands of output rows in three images, so threaded variants split rows (forward) and dx
  // bands (backward) at every thread count, with bands that cut windows and images.
  shapes.push_back({{3, 1501, 4, 3, 3, 2, 1, {1, 1, 1, 1}, true}, 5, true});
  // One image's few output rows of many columns: the threaded simd forwards cut each row into
  // column parts (ops/pool2d/pool2d_split.hpp) at 2, 3 and 7 threads; whole vectors and a tail.
  shapes.push_back({{1, 12, 96, 3, 3, 2, 2, {1, 1, 1, 1}, false}, 64, true});
  shapes.push_back({{1, 5, 160, 2, 2, 2, 2, {0, 0, 0, 0}, false}, 17, true});
  // Wide pixels (C * sizeof(T) >= 4 KiB: taps outer, channels inner), with a tail on every tier,
  // and a global pool (one output pixel: its windows cannot overlap, whatever the stride).
  shapes.push_back({{1, 3, 4, 3, 2, 1, 2, {1, 1, 0, 1}, true}, 1037, true});
  shapes.push_back({{2, 3, 3, 3, 3, 1, 1, {0, 0, 0, 0}, false}, 40, true});
  // Global pools over batches that the forward kernel groups four, two and one images at a time
  // (5 = 4 + 1, 7 = 4 + 2 + 1), on one and on several channel blocks; and a global window large
  // enough (>= 16 taps, > 1.5 MiB) for taps outer on several blocks.
  shapes.push_back({{5, 4, 3, 4, 3, 4, 3, {0, 0, 0, 0}, false}, 13, true});
  shapes.push_back({{7, 3, 5, 3, 5, 1, 1, {0, 0, 0, 0}, false}, 33, true});
  shapes.push_back({{1, 80, 80, 80, 80, 80, 80, {0, 0, 0, 0}, false}, 67, true});
  for (const SizedPool& s : kFewChannelPools) shapes.push_back(s);
  if (sweep == Sweep::large) {
    for (std::size_t i = 0; i < nc; ++i)
      for (std::size_t g = 0; g < kGeometryCount; ++g) shapes.push_back({kGeometries[g], kChannels[i]});
    shapes.push_back({{4, 56, 56, 3, 3, 2, 2, {1, 1, 1, 1}, false}, 64});
    shapes.push_back({{2, 33, 31, 3, 3, 2, 2, {0, 1, 1, 0}, true}, 33});
  }
  return shapes;
}

ops::Pool2dProblem make_problem(const SizedPool& s, PoolMode mode, bool count_include_pad, TiePolicy ties) {
  Pool2dParams q;
  q.mode = mode;
  q.kernel_h = s.shape.kh;
  q.kernel_w = s.shape.kw;
  q.stride_h = s.shape.sh;
  q.stride_w = s.shape.sw;
  q.pad = s.shape.pad;
  q.ceil_mode = s.shape.ceil_mode;
  q.count_include_pad = count_include_pad;
  q.ties = ties;
  const NhwcShape x{s.shape.n, s.shape.h, s.shape.w, s.c};
  return ops::Pool2dProblem{x, pool2d_output_shape(x, q), q};
}

std::string case_name(const SizedPool& s, const ops::Pool2dProblem& p, bool backward, Data data, bool misaligned) {
  const Pool2dParams& q = p.params;
  std::string name = name_of(q.mode == PoolMode::max ? "max" : "avg", "_n", s.shape.n, "_", s.shape.h, "x", s.shape.w,
                             "_c", s.c, "_k", q.kernel_h, "x", q.kernel_w, "_s", q.stride_h, "x", q.stride_w, "_",
                             pad_name(q.pad), q.ceil_mode ? "_ceil" : "_floor");
  if (q.mode == PoolMode::avg)
    name += q.count_include_pad ? "_incpad" : "_excpad";
  else if (backward)
    name += q.ties == TiePolicy::first ? "_tiesfirst" : "_tiesall";
  return name_of(name, "_", data_name(data), misaligned ? "_ua" : "");
}

struct Variation {
  PoolMode mode;
  bool count_include_pad;
  TiePolicy ties;
  Data data;
};

std::vector<PoolCase> make_cases(Sweep sweep, bool backward) {
  std::vector<PoolCase> cases;
  std::set<std::string> seen;
  std::size_t index = 0;
  for (const SizedPool& s : pool_shapes(sweep)) {
    const bool odd = index % 2 == 1;
    std::vector<Variation> variations;
    // Average on special data (NaN payloads in x and dy, +-inf, +-max): the NaN a window or a dx
    // cell ends with must be the reference's, bits included.
    if (s.light && !backward) {
      variations = {{PoolMode::max, false, TiePolicy::first, Data::specials},
                    {PoolMode::avg, odd, TiePolicy::first, Data::integers},
                    {PoolMode::avg, !odd, TiePolicy::first, Data::specials}};
    } else if (s.light) {
      variations = {{PoolMode::max, false, TiePolicy::first, Data::specials},
                    {PoolMode::max, false, TiePolicy::all, Data::specials},
                    {PoolMode::avg, !odd, TiePolicy::first, Data::integers},
                    {PoolMode::avg, odd, TiePolicy::first, Data::specials}};
    } else if (!backward) {
      variations = {{PoolMode::max, false, TiePolicy::first, Data::integers},
                    {PoolMode::max, false, TiePolicy::first, Data::specials},
                    {PoolMode::max, false, TiePolicy::first, Data::reals},
                    {PoolMode::avg, odd, TiePolicy::first, Data::reals},
                    {PoolMode::avg, !odd, TiePolicy::first, Data::integers},
                    {PoolMode::avg, odd, TiePolicy::first, Data::specials}};
    } else {
      variations = {{PoolMode::max, false, TiePolicy::first, Data::integers},
                    {PoolMode::max, false, TiePolicy::first, Data::specials},
                    {PoolMode::max, false, TiePolicy::first, Data::reals},
                    {PoolMode::max, false, TiePolicy::all, Data::integers},
                    {PoolMode::max, false, TiePolicy::all, Data::specials},
                    {PoolMode::avg, true, TiePolicy::first, Data::reals},
                    {PoolMode::avg, false, TiePolicy::first, Data::reals},
                    {PoolMode::avg, odd, TiePolicy::first, Data::specials}};
    }
    std::size_t k = 0;
    for (const Variation& v : variations) {
      const bool misaligned = (index + k++) % 2 == 1;
      const ops::Pool2dProblem p = make_problem(s, v.mode, v.count_include_pad, v.ties);
      std::string name = case_name(s, p, backward, v.data, misaligned);
      if (seen.insert(name).second) cases.push_back({std::move(name), p, v.data, misaligned});
    }
    ++index;
  }
  return cases;
}

// Max pooling with saved indices: every shape of the sweep on integers (ties), specials (NaN
// payloads, +-0) and reals, alternately aligned. Backward cases add corrupted indices on a few
// shapes (see PoolCase::corrupt): every variant must report the reference's position.
std::vector<PoolCase> make_indices_cases(Sweep sweep, bool backward) {
  std::vector<PoolCase> cases;
  std::set<std::string> seen;
  std::size_t index = 0;
  for (const SizedPool& s : pool_shapes(sweep)) {
    const ops::Pool2dProblem p = make_problem(s, PoolMode::max, false, TiePolicy::first);
    std::vector<Data> kinds = {Data::specials};
    if (!s.light) kinds = {Data::integers, Data::specials, Data::reals};
    std::size_t k = 0;
    for (Data d : kinds) {
      const bool misaligned = (index + k++) % 2 == 1;
      std::string name = case_name(s, p, false, d, misaligned);
      if (seen.insert(name).second) cases.push_back({std::move(name), p, d, misaligned});
    }
    if (backward && index % 5 == 0) {
      const int corrupt = static_cast<int>(index / 5 % 3) + 1;
      std::string name = name_of(case_name(s, p, false, Data::integers, false), "_corrupt", corrupt);
      if (seen.insert(name).second) cases.push_back({std::move(name), p, Data::integers, false, corrupt});
    }
    ++index;
  }
  return cases;
}

}  // namespace

std::vector<PoolCase> pool_fwd_indices_cases(Sweep sweep) { return make_indices_cases(sweep, false); }
std::vector<PoolCase> pool_bwd_indices_cases(Sweep sweep) { return make_indices_cases(sweep, true); }

std::vector<PoolCase> pool_fwd_cases(Sweep sweep) { return make_cases(sweep, false); }
std::vector<PoolCase> pool_bwd_cases(Sweep sweep) { return make_cases(sweep, true); }

}  // namespace cnnkit::test::equiv

// The NaN rule of average pooling on the reproducer: a window {NaN a, NaN b, 1, 2} averages
// to NaN a (the first NaN the running sum meets), in every variant; with +inf and -inf ahead of a
// NaN the running sum's own NaN (the default one) comes first and wins. Backward: a dx cell that
// two windows credit with NaN gradients keeps the first window's NaN. Channel counts cover the
// channel tails, the four-vector blocks and the wide-pixel path (C * sizeof(T) >= 4 KiB).
#include <gtest/gtest.h>

#include "hostile_values.hpp"
#include "support/guarded_buffer.hpp"

namespace cnnkit::test::equiv {
namespace {

constexpr std::int64_t kNanChannels[] = {1, 5, 19, 40, 81, 1100};

template <class Op, class T, class Run>
void for_each_variant(const ops::Pool2dProblem& p, Run&& run) {
  const core::Exec exec{ThreadingPolicy::automatic, 2, true};
  for (const auto& v : core::variants_of<Op, T>()) {
    if (v.isa > detected_isa() || (v.declines && v.declines(p, exec))) continue;
    run(v, exec);
  }
}

ops::Pool2dProblem nan_problem(PoolMode mode, std::int64_t w, std::int64_t stride_w, std::int64_t c) {
  Pool2dParams q;
  q.mode = mode;
  q.kernel_h = 2;
  q.kernel_w = 2;
  q.stride_h = 2;
  q.stride_w = stride_w;
  const NhwcShape x{1, 2, w, c};
  return ops::Pool2dProblem{x, pool2d_output_shape(x, q), q};
}

// Forward: four windows per row (a full pixel group), each window's taps in order `taps`.
template <class T>
void expect_forward_nan(const T (&taps)[4], T expected) {
  for (std::int64_t c : kNanChannels) {
    const ops::Pool2dProblem p = nan_problem(PoolMode::avg, 8, 2, c);
    std::vector<T> x(static_cast<std::size_t>(2 * 8 * c));
    for (std::int64_t h = 0; h < 2; ++h)
      for (std::int64_t w = 0; w < 8; ++w)
        for (std::int64_t k = 0; k < c; ++k) x[static_cast<std::size_t>((h * 8 + w) * c + k)] = taps[h * 2 + w % 2];
    for_each_variant<ops::Pool2dFwdOp, T>(p, [&](const auto& v, const core::Exec& exec) {
      std::vector<T> y(static_cast<std::size_t>(4 * c), T(7));
      v.run(p, x.data(), y.data(), exec);
      for (std::size_t i = 0; i < y.size(); ++i)
        ASSERT_TRUE(same_bits(y[i], expected)) << v.name << " C=" << c << " y[" << i << "] = " << show_value(y[i])
                                               << ", expected " << show_value(expected);
    });
  }
}

TEST(Pool2dNanRule, AverageTakesTheFirstNaNOfTheRunningSum) {
  const auto run = []<class T>(T) {
    const T a = hostile_nan<T>(2), b = hostile_nan<T>(3), inf = std::numeric_limits<T>::infinity();
    expect_forward_nan<T>({a, b, T(1), T(2)}, a);
    expect_forward_nan<T>({T(1), b, a, T(2)}, b);
    volatile T pos = inf, neg = -inf;  // the CPU's default NaN, made at run time
    expect_forward_nan<T>({pos, neg, a, T(2)}, T(pos + neg));
    // A signaling NaN comes out quieted (the add quiets it), with its payload.
    const T s = hostile_nan<T>(4);
    T quiet;
    if constexpr (sizeof(T) == 4)
      quiet = std::bit_cast<T>(std::bit_cast<std::uint32_t>(s) | 0x00400000u);
    else
      quiet = std::bit_cast<T>(std::bit_cast<std::uint64_t>(s) | 0x0008000000000000ull);
    expect_forward_nan<T>({T(1), s, b, T(2)}, quiet);
  };
  run(0.0f);
  run(0.0);
}

// Backward: x (1, 2, 3, C), windows 2x2 at stride 1, so the middle column takes both windows'
// gradients, window 0's first. Average and max (x makes the middle column win both windows).
template <class T>
void expect_backward_nan(PoolMode mode, T dy0, T dy1) {
  for (std::int64_t c : kNanChannels) {
    const ops::Pool2dProblem p = nan_problem(mode, 3, 1, c);
    ASSERT_EQ(p.y.w, 2);
    std::vector<T> x(static_cast<std::size_t>(2 * 3 * c)), dy(static_cast<std::size_t>(2 * c));
    for (std::int64_t h = 0; h < 2; ++h)
      for (std::int64_t w = 0; w < 3; ++w)
        for (std::int64_t k = 0; k < c; ++k) x[static_cast<std::size_t>((h * 3 + w) * c + k)] = w == 1 && h == 0 ? T(5) : T(w);
    for (std::int64_t k = 0; k < c; ++k) dy[static_cast<std::size_t>(k)] = dy0, dy[static_cast<std::size_t>(c + k)] = dy1;
    for_each_variant<ops::Pool2dBwdOp, T>(p, [&](const auto& v, const core::Exec& exec) {
      std::vector<T> dx(x.size(), T(7));
      v.run(p, mode == PoolMode::max ? x.data() : nullptr, dy.data(), dx.data(), exec);
      for (std::int64_t k = 0; k < c; ++k) {
        const T got = dx[static_cast<std::size_t>(c + k)];  // (h 0, w 1): both windows
        ASSERT_TRUE(same_bits(got, dy0)) << v.name << " C=" << c << " channel " << k << ": " << show_value(got)
                                         << ", expected the first window's " << show_value(dy0);
      }
    });
  }
}

TEST(Pool2dNanRule, BackwardCellKeepsTheFirstWindowsNaN) {
  const auto run = []<class T>(T) {
    const T a = hostile_nan<T>(2), b = hostile_nan<T>(3);
    for (PoolMode mode : {PoolMode::avg, PoolMode::max}) {
      expect_backward_nan<T>(mode, a, b);
      expect_backward_nan<T>(mode, b, a);
    }
  };
  run(0.0f);
  run(0.0);
}

}  // namespace
}  // namespace cnnkit::test::equiv

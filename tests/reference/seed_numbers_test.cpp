// The numbers the seed notes print, recomputed by cnnkit's reference variants from the fixture
// inputs and compared with the printed value (to the digits printed), or with the corrected value
// a fixture NOTE.txt / tests/data/fixtures/AUDIT.md gives where the seed's code is wrong.
// Literals below are copied from the seed notes and NOTE files, never from cnnkit's output.
#include <cmath>
#include <numeric>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "cnnkit/geometry.hpp"
#include "cnnkit/ops.hpp"
#include "reference/case_io.hpp"
#include "reference/reference_context.hpp"
#include "support/fixture.hpp"
#include "support/test_data.hpp"

namespace cnnkit::test {
namespace {

FixtureCase seed(const std::string& name) { return FixtureCase::load(data_path("fixtures/seeds"), name); }

double mean(const std::vector<double>& v) { return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size()); }
double sum(const std::vector<double>& v) { return std::accumulate(v.begin(), v.end(), 0.0); }

// Element [i, j] of a (rows, cols) row-major block starting at `at`.
std::vector<double> block(const std::vector<double>& v, std::int64_t at, std::int64_t count) {
  return std::vector<double>(v.begin() + at, v.begin() + at + count);
}

void expect_all_near(const std::vector<double>& got, const std::vector<double>& printed, double tol,
                     const std::string& what) {
  ASSERT_EQ(got.size(), printed.size()) << what;
  for (std::size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], printed[i], tol) << what << " [" << i << "]";
}

// Seed conv cases: forward output y of conv2d over the case's x, w, b, params.
struct ConvRun {
  NhwcShape xs, ys;
  HwioShape ws;
  Conv2dParams params;
  std::vector<double> x, w, b, y;
};

ConvRun conv_forward_of(const FixtureCase& c, std::int64_t stride, std::int64_t pad) {
  const CaseIo<double> io(c);
  ConvRun r;
  r.xs = io.nhwc("x");
  r.ws = io.hwio("w");
  r.x = io.input("x");
  r.w = io.input("w");
  r.b = io.input("b");
  r.params.stride_h = r.params.stride_w = stride;
  r.params.pad = Padding::symmetric(pad);
  r.ys = conv2d_output_shape(r.xs, r.ws, r.params);
  r.y.resize(count(r.ys));
  conv2d_forward<double>({r.x.data(), r.xs}, {r.w.data(), r.ws}, {r.b.data(), r.ws.c_out}, {r.y.data(), r.ys},
                         r.params, reference_context());
  return r;
}

struct ConvGrads {
  std::vector<double> dx, dw, db;
};

ConvGrads conv_backward_of(const ConvRun& r, const std::vector<double>& dy) {
  const Context& ctx = reference_context();
  ConvGrads g{std::vector<double>(count(r.xs)), std::vector<double>(count(r.ws)),
              std::vector<double>(r.ws.c_out)};
  conv2d_backward_data<double>({dy.data(), r.ys}, {r.w.data(), r.ws}, {g.dx.data(), r.xs}, r.params, ctx);
  conv2d_backward_weights<double>({r.x.data(), r.xs}, {dy.data(), r.ys}, {g.dw.data(), r.ws}, r.params, ctx);
  conv2d_backward_bias<double>({dy.data(), r.ys}, {g.db.data(), r.ws.c_out}, ctx);
  return g;
}

TEST(Seed002, ConvSingleStep) {
  const FixtureCase c = seed("seed002_conv_single_step");
  const CaseIo<double> io(c);
  const std::vector<double> a = io.input("x"), w = io.input("w");
  const double b = io.scalar_input("b");
  const double z = conv_single_step<double>(a.data(), w.data(), b, 4, 4, 3, reference_context());
  EXPECT_NEAR(z, -6.999089450680221, 1e-13);  // seed 002's printed Z (bias once: correct)
  // Seeds 000/001/003 add b to each of the 48 products; the NOTE gives what they would print.
  EXPECT_NEAR(z + 47 * b, -23.16021220252078, 1e-13);
}

TEST(Seed000, ConvForwardMeanBiasOnce) {
  const ConvRun r = conv_forward_of(seed("seed000_conv_forward_pad2_stride1"), 1, 2);
  EXPECT_EQ(dims(r.ys), (std::vector<std::int64_t>{10, 7, 7, 8}));
  EXPECT_NEAR(mean(r.y), 0.0028129462864863, 1e-15);  // the NOTE's corrected mean
  // The seed's Z adds b 12 times (f*f*n_C_prev): its printed mean is this mean plus 11 * mean(b).
  EXPECT_NEAR(mean(r.y) + 11 * mean(r.b), 0.15585932488906465, 1e-15);
}

TEST(Seed000, ConvBackwardMeans) {
  const FixtureCase c = seed("seed000_conv_backward_pad2_stride1");
  const ConvRun r = conv_forward_of(c, 1, 2);
  // dy is the seed's own (bias-repeated) Z: cnnkit's Z plus 11 * b per output channel.
  const std::vector<double> dy = CaseIo<double>(c).input("dy");
  ASSERT_EQ(dy.size(), r.y.size());
  for (std::size_t i = 0; i < dy.size(); ++i)
    ASSERT_NEAR(dy[i], r.y[i] + 11 * r.b[i % r.b.size()], 1e-12) << "element " << i;
  const ConvGrads g = conv_backward_of(r, dy);
  // Stride 1 hides the seed's stride bug, so its printed means are right.
  EXPECT_NEAR(mean(g.dx), 9.608990675868995, 1e-12);
  EXPECT_NEAR(mean(g.dw), 10.581741275547563, 1e-12);
  EXPECT_NEAR(mean(g.db), 76.37106919563735, 1e-12);
}

TEST(Seed002, ConvPad2Stride2Means) {
  const ConvRun r = conv_forward_of(seed("seed002_conv_pad2_stride2"), 2, 2);
  EXPECT_EQ(dims(r.ys), (std::vector<std::int64_t>{10, 4, 4, 8}));
  EXPECT_NEAR(mean(r.y), 0.0489952035289, 1e-13);
  // Z[3,2,1] as printed (8 decimals).
  const std::int64_t at = ((3 * r.ys.h + 2) * r.ys.w + 1) * r.ys.c;
  expect_all_near(block(r.y, at, 8),
                  {-0.61490741, -6.7439236, -2.55153897, 1.75698377, 3.56208902, 0.53036437, 5.18531798, 8.75898442},
                  1e-8, "Z[3,2,1]");
  // conv_backward(Z, cache): dy = Z.
  const ConvGrads g = conv_backward_of(r, r.y);
  EXPECT_NEAR(mean(g.dx), 1.45243777754, 1e-11);
  EXPECT_NEAR(mean(g.dw), 1.72699145831, 1e-11);
  EXPECT_NEAR(mean(g.db), 7.83923256462, 1e-11);
  // The NOTE's full-precision values (seed 002 is stride-aware); seeds 000/001 ignore the stride
  // and would print 0.6347704472654743 / 1.5572657428497354.
  EXPECT_NEAR(mean(g.dx), 1.4524377775388075, 1e-14);
  EXPECT_NEAR(mean(g.dw), 1.7269914583139097, 1e-14);
}

std::vector<double> pool_forward_of(const FixtureCase& c, PoolMode mode, std::int64_t f, std::int64_t stride) {
  const CaseIo<double> io(c);
  const NhwcShape xs = io.nhwc("x");
  const std::vector<double> x = io.input("x");
  Pool2dParams p;
  p.mode = mode;
  p.kernel_h = p.kernel_w = f;
  p.stride_h = p.stride_w = stride;
  const NhwcShape ys = pool2d_output_shape(xs, p);
  EXPECT_EQ(dims(ys), (std::vector<std::int64_t>{2, 1, 1, 3}));
  std::vector<double> y(count(ys));
  pool2d_forward<double>({x.data(), xs}, {y.data(), ys}, p, reference_context());
  return y;
}

TEST(Seed000, PoolForwardF4S1) {
  expect_all_near(pool_forward_of(seed("seed000_pool_forward_max_f4_s1"), PoolMode::max, 4, 1),
                  {1.74481176, 1.6924546, 2.10025514, 1.19891788, 1.51981682, 2.18557541}, 1e-8, "max A");
  expect_all_near(pool_forward_of(seed("seed000_pool_forward_avg_f4_s1"), PoolMode::avg, 4, 1),
                  {-0.09498456, 0.11180064, -0.14263511, -0.09525108, 0.28325018, 0.33035185}, 1e-8, "average A");
}

TEST(Seed002, PoolForwardF3S2) {
  expect_all_near(pool_forward_of(seed("seed002_pool_forward_max_f3_s2"), PoolMode::max, 3, 2),
                  {1.74481176, 0.86540763, 1.13376944, 1.13162939, 1.51981682, 2.18557541}, 1e-8, "max A");
  expect_all_near(pool_forward_of(seed("seed002_pool_forward_avg_f3_s2"), PoolMode::avg, 3, 2),
                  {0.02105773, -0.20328806, -0.40389855, -0.22154621, 0.51716526, 0.48155844}, 1e-8, "average A");
}

// dA_prev[1,1] (shape (3, 2)) of pool_backward on seed(1) A_prev (5,5,3,2), dA (5,4,2,2), f=2 s=1.
std::vector<double> pool_backward_row(const FixtureCase& c, PoolMode mode) {
  const CaseIo<double> io(c);
  const NhwcShape xs = io.nhwc("x"), dys = io.nhwc("dy");
  const std::vector<double> x = io.input("x"), dy = io.input("dy");
  EXPECT_NEAR(mean(dy), 0.14571390272918056, 1e-15) << "the fixture's dA is not the seed's";
  Pool2dParams p;
  p.mode = mode;
  p.kernel_h = p.kernel_w = 2;
  p.stride_h = p.stride_w = 1;
  p.count_include_pad = true;
  std::vector<double> dx(count(xs));
  pool2d_backward<double>({x.data(), xs}, {dy.data(), dys}, {dx.data(), xs}, p, reference_context());
  return block(dx, ((1 * xs.h + 1) * xs.w) * xs.c, xs.w * xs.c);
}

TEST(Seed000, PoolBackwardMaxAndAvg) {
  expect_all_near(pool_backward_row(seed("seed000_pool_backward_max_f2_s1"), PoolMode::max),
                  {0., 0., 5.05844394, -1.68282702, 0., 0.}, 1e-8, "max dA_prev[1,1]");
  expect_all_near(pool_backward_row(seed("seed000_pool_backward_avg_f2_s1"), PoolMode::avg),
                  {0.08485462, 0.2787552, 1.26461098, -0.25749373, 1.17975636, -0.53624893}, 1e-8,
                  "average dA_prev[1,1]");
}

TEST(Seed000, DistributeValue) {
  std::vector<double> a(4, -1.0);
  distribute_value<double>(2.0, {a.data(), 2, 2}, reference_context());
  EXPECT_EQ(a, std::vector<double>(4, 0.5));  // "distributed value = [[0.5 0.5] [0.5 0.5]]"
  std::vector<double> quarter(4, -1.0);
  distribute_value<double>(1.0, {quarter.data(), 2, 2}, reference_context());
  EXPECT_EQ(quarter, std::vector<double>(4, 0.25));  // formula (5)
}

std::vector<double> mask_of(const std::vector<double>& x, std::int64_t rows, std::int64_t cols, TiePolicy ties) {
  std::vector<double> m(x.size(), -1.0);
  create_mask_from_window<double>({x.data(), rows, cols}, {m.data(), rows, cols}, ties, reference_context());
  return m;
}

TEST(Seed000, CreateMaskFromWindow) {
  // seed(1); x = randn(2, 3): the printed x and mask [[True False False] [False False False]].
  const FixtureCase c = seed("seed000_create_mask_randn_first");
  const std::vector<double> x = CaseIo<double>(c).input("x");
  expect_all_near(x, {1.62434536, -0.61175641, -0.52817175, -1.07296862, 0.86540763, -2.3015387}, 1e-8, "x");
  const std::vector<double> expected{1, 0, 0, 0, 0, 0};
  EXPECT_EQ(mask_of(x, 2, 3, TiePolicy::first), expected);
  EXPECT_EQ(mask_of(x, 2, 3, TiePolicy::all), expected);
  // Formula (4): X = [[1, 3], [4, 2]] -> M = [[0, 0], [1, 0]].
  EXPECT_EQ(mask_of({1, 3, 4, 2}, 2, 2, TiePolicy::first), (std::vector<double>{0, 0, 1, 0}));
  // A tie: the seeds' x == max(x) marks both 4s (ties = all); the default marks the first.
  EXPECT_EQ(mask_of({4, 3, 4, 2}, 2, 2, TiePolicy::all), (std::vector<double>{1, 0, 1, 0}));
  EXPECT_EQ(mask_of({4, 3, 4, 2}, 2, 2, TiePolicy::first), (std::vector<double>{1, 0, 0, 0}));
}

double ties_relu_dx_sum(const std::string& name, TiePolicy ties) {
  const FixtureCase c = seed(name);
  const CaseIo<double> io(c);
  const NhwcShape xs = io.nhwc("x"), dys = io.nhwc("dy");
  const std::vector<double> x = io.input("x"), dy = io.input("dy");
  EXPECT_NEAR(sum(dy), 11.657112, 5e-7);
  Pool2dParams p;
  p.kernel_h = p.kernel_w = 2;
  p.stride_h = p.stride_w = 1;
  p.ties = ties;
  std::vector<double> dx(count(xs));
  pool2d_backward<double>({x.data(), xs}, {dy.data(), dys}, {dx.data(), xs}, p, reference_context());
  return sum(dx);
}

TEST(SeedBug, PoolBackwardTiesAfterRelu) {
  // ties = first conserves the gradient (sum dx = sum dy); the seeds' mask (ties = all) does not.
  EXPECT_NEAR(ties_relu_dx_sum("seed_bug_pool_backward_ties_relu_first", TiePolicy::first), 11.657112, 5e-7);
  EXPECT_NEAR(ties_relu_dx_sum("seed_bug_pool_backward_ties_relu_all", TiePolicy::all), 8.403823, 5e-7);
}

TEST(Seed003, ZeroPad) {
  const FixtureCase c = seed("seed003_zero_pad");
  const CaseIo<double> io(c);
  const NhwcShape xs = io.nhwc("x");
  const std::vector<double> x = io.input("x");
  const Padding padding = Padding::symmetric(2);
  const NhwcShape ys = pad_output_shape(xs, padding);
  EXPECT_EQ(dims(ys), (std::vector<std::int64_t>{4, 7, 7, 2}));  // "x_pad.shape = (4, 7, 7, 2)"
  std::vector<double> y(count(ys), -1.0);
  cnnkit::pad<double>({x.data(), xs}, {y.data(), ys}, padding, 0.0, reference_context());
  // "x_pad[1,1]": a row of the top padding, all zeros.
  expect_all_near(block(y, ((1 * ys.h + 1) * ys.w) * ys.c, ys.w * ys.c), std::vector<double>(14, 0.0), 0.0,
                  "x_pad[1,1]");
  // "x[1,1]" reappears at x_pad[1, 3, 2:5].
  expect_all_near(block(y, ((1 * ys.h + 3) * ys.w + 2) * ys.c, 3 * ys.c),
                  {0.90085595, -0.68372786, -0.12289023, -0.93576943, -0.26788808, 0.53035547}, 1e-8, "x_pad[1,3,2:5]");
}

TEST(Seed003, AvgPoolFormula) {
  // Formulas (5.1)/(5.2): the average of [[1, 2], [3, 4]] is 2.5, and dZ = 1 spreads as 1/4.
  const std::vector<double> x{1, 2, 3, 4};
  Pool2dParams p;
  p.mode = PoolMode::avg;
  double y = 0;
  pool2d_forward<double>({x.data(), {1, 2, 2, 1}}, {&y, {1, 1, 1, 1}}, p, reference_context());
  EXPECT_EQ(y, 2.5);
  const double dy = 1;
  std::vector<double> dx(4);
  pool2d_backward<double>({x.data(), {1, 2, 2, 1}}, {&dy, {1, 1, 1, 1}}, {dx.data(), {1, 2, 2, 1}}, p,
                          reference_context());
  EXPECT_EQ(dx, std::vector<double>(4, 0.25));
}

TEST(Seed002, SamePaddingOfTheConvNet) {
  // AUDIT #10: TF SAME for the 4x4 conv on 64x64 pads 1 before and 2 after (the seed's (f-1)/2 = 1.5).
  EXPECT_EQ(same_padding(64, 64, 4, 4), (Padding{1, 2, 1, 2}));
  EXPECT_EQ(same_padding(8, 8, 2, 2), (Padding{0, 1, 0, 1}));
  EXPECT_EQ(same_padding(64, 64, 8, 8, 8, 8), (Padding{0, 0, 0, 0}));
}

}  // namespace
}  // namespace cnnkit::test

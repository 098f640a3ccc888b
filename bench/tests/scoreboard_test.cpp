// The comparison with the engines: which rows count on which side at which thread count, the
// ratio's direction, the geometric means, and how the text report shows them.
#include "compare/scoreboard.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "compare/suite_runner.hpp"
#include "compare/table_report.hpp"

namespace cnnkit::bench {
namespace {

Record row(const std::string& shape, const std::string& variant, int threads, double rate) {
  Record r;
  r.op = OpId::conv2d_fwd;
  r.shape = shape;
  r.variant = variant;
  r.threads = threads;
  r.work = {Metric::flops, 1e9};
  r.rate = rate;
  r.status = RunStatus::measured;
  r.check = Check::match;
  return r;
}

Record cnnkit_row(const std::string& shape, const std::string& variant, int threads, double rate, bool serial) {
  Record r = row(shape, variant, threads, rate);
  r.serial = serial;
  return r;
}

Record engine_row(const std::string& shape, const std::string& engine, int threads, double rate) {
  Record r = row(shape, engine, threads, rate);
  r.engine = engine;
  r.side = Side::competitor;
  r.serial = false;
  return r;
}

Record reference_row(const std::string& shape, double rate) {
  Record r = cnnkit_row(shape, "conv2d_fwd.ref", 1, rate, true);
  r.reference = true;
  return r;
}

TEST(Scoreboard, EachEngineAgainstCnnkitsBestAtTheSameThreadCountRatioCnnkitOverEngine) {
  const std::vector<Record> records = {
      reference_row("a", 2.0),
      cnnkit_row("a", "conv2d_fwd.simd", 1, 50.0, true),
      cnnkit_row("a", "conv2d_fwd.omp", 2, 80.0, false),
      engine_row("a", "onednn", 1, 200.0),
      engine_row("a", "xnnpack", 1, 100.0),
      engine_row("a", "onednn", 2, 400.0),
      engine_row("a", "xnnpack", 2, 40.0),
  };
  const auto lines = scoreboard(records);
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0].threads, 1);
  EXPECT_EQ(lines[0].engine, "onednn");
  EXPECT_EQ(lines[0].cnnkit.row, "conv2d_fwd.simd");
  EXPECT_EQ(lines[0].cnnkit.rate, 50.0);
  EXPECT_FALSE(lines[0].cnnkit.reference);
  EXPECT_EQ(lines[0].engine_rate, 200.0);
  EXPECT_DOUBLE_EQ(lines[0].ratio, 0.25);
  EXPECT_EQ(lines[1].engine, "xnnpack");
  EXPECT_DOUBLE_EQ(lines[1].ratio, 0.5);
  EXPECT_EQ(lines[2].threads, 2);
  EXPECT_EQ(lines[2].cnnkit.row, "conv2d_fwd.omp");  // 80 beats the serial 50
  EXPECT_DOUBLE_EQ(lines[2].ratio, 80.0 / 400.0);
  EXPECT_EQ(lines[3].engine, "xnnpack");
  EXPECT_DOUBLE_EQ(lines[3].ratio, 2.0);  // > 1: cnnkit faster
  EXPECT_EQ(lines[3].metric, Metric::flops);
}

TEST(Scoreboard, SerialCnnkitVariantsCountAtHigherThreadCountsButEnginesOnlyAtTheirOwn) {
  const std::vector<Record> records = {
      cnnkit_row("a", "conv2d_fwd.blocked", 1, 60.0, true),
      cnnkit_row("a", "conv2d_fwd.omp", 2, 40.0, false),  // slower than the serial one
      engine_row("a", "onednn", 1, 30.0),                 // faster than its own 2-thread run...
      engine_row("a", "onednn", 2, 20.0),                 // ...which is still the 2-thread figure
  };
  const auto lines = scoreboard(records);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[1].cnnkit.row, "conv2d_fwd.blocked");
  EXPECT_EQ(lines[1].engine_rate, 20.0);
  EXPECT_DOUBLE_EQ(lines[1].ratio, 3.0);
  // A threaded cnnkit row does not count at another thread count.
  const auto only_threaded = scoreboard({cnnkit_row("b", "conv2d_fwd.omp", 2, 40.0, false),
                                         engine_row("b", "onednn", 1, 30.0), engine_row("b", "onednn", 2, 20.0)});
  ASSERT_EQ(only_threaded.size(), 2u);
  EXPECT_TRUE(std::isnan(only_threaded[0].cnnkit.rate));
  EXPECT_TRUE(only_threaded[0].cnnkit.row.empty());
  EXPECT_TRUE(std::isnan(only_threaded[0].ratio));
  EXPECT_DOUBLE_EQ(only_threaded[1].ratio, 2.0);
}

TEST(Scoreboard, MismatchedSkippedAndFailedRowsNeverCount) {
  Record wrong = engine_row("a", "xnnpack", 1, 1000.0);
  wrong.check = Check::mismatch;
  Record skipped = engine_row("a", "onednn", 1, NAN);
  skipped.status = RunStatus::skipped;
  skipped.note = "oneDNN rejects the case";
  Record fast_but_wrong = cnnkit_row("a", "conv2d_fwd.fast", 1, 900.0, true);
  fast_but_wrong.check = Check::mismatch;
  const auto lines = scoreboard({reference_row("a", 2.0), fast_but_wrong, wrong, skipped});
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].cnnkit.row, "conv2d_fwd.ref");
  EXPECT_TRUE(lines[0].cnnkit.reference);
  EXPECT_EQ(lines[0].engine, "xnnpack");
  EXPECT_TRUE(std::isnan(lines[0].engine_rate));
  EXPECT_EQ(lines[0].engine_note, "MISMATCH");
  EXPECT_TRUE(std::isnan(lines[0].ratio));
  EXPECT_EQ(lines[1].engine_note, "skipped: oneDNN rejects the case");
}

TEST(Scoreboard, ShapesWithoutEngineRowsHaveNoLine) {
  const auto lines = scoreboard({reference_row("a", 2.0), reference_row("b", 3.0), engine_row("b", "onednn", 1, 6.0)});
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].shape, "b");
  EXPECT_EQ(lines[0].cnnkit.rate, 3.0);
  EXPECT_EQ(format_ratio(lines[0].ratio), "0.5x");
}

// The hook for a "cnnkit (prepacked)" row: an engine on the cnnkit side competes with cnnkit's
// variants, not with the competitors.
TEST(Scoreboard, ACnnkitSideEngineCountsAsCnnkit) {
  Record prepacked = engine_row("a", "cnnkit-prepacked", 1, 150.0);
  prepacked.side = Side::cnnkit;
  const auto lines = scoreboard({cnnkit_row("a", "conv2d_fwd.blocked", 1, 100.0, true), prepacked,
                                 engine_row("a", "onednn", 1, 200.0)});
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].cnnkit.row, "cnnkit-prepacked");
  EXPECT_EQ(lines[0].engine, "onednn");
  EXPECT_DOUBLE_EQ(lines[0].ratio, 0.75);
}

TEST(Scoreboard, GeometricMeanOfFinitePositiveValues) {
  EXPECT_DOUBLE_EQ(geometric_mean({2.0, 8.0}), 4.0);
  EXPECT_NEAR(geometric_mean({0.01, 1.0, 100.0}), 1.0, 1e-12);
  EXPECT_DOUBLE_EQ(geometric_mean({4.0, NAN, 0.0, -1.0, INFINITY}), 4.0);
  EXPECT_TRUE(std::isnan(geometric_mean({})));
  EXPECT_TRUE(std::isnan(geometric_mean({NAN})));
}

TEST(Scoreboard, GeomeansPerOpThreadCountAndEngine) {
  std::vector<Record> records = {reference_row("a", 1.0),
                                 cnnkit_row("a", "conv2d_fwd.omp", 2, 3.0, false),
                                 engine_row("a", "onednn", 2, 1.0),
                                 engine_row("a", "onednn", 1, 4.0),
                                 engine_row("a", "xnnpack", 1, 2.0),
                                 reference_row("b", 1.0),
                                 engine_row("b", "onednn", 1, 1.0 / 4),
                                 engine_row("b", "xnnpack", 1, NAN)};
  records.back().status = RunStatus::skipped;
  Record relu_ref = cnnkit_row("r", "relu_fwd.ref", 1, 10.0, true);
  Record relu_engine = engine_row("r", "xnnpack", 1, 20.0);
  relu_ref.op = relu_engine.op = OpId::relu_fwd;
  records.push_back(relu_ref);
  records.push_back(relu_engine);
  const auto means = geomeans(scoreboard(records));
  ASSERT_EQ(means.size(), 4u);
  EXPECT_EQ(means[0].op, OpId::conv2d_fwd);
  EXPECT_EQ(means[0].threads, 1);
  EXPECT_EQ(means[0].engine, "onednn");
  EXPECT_EQ(means[0].ratios, 2);
  EXPECT_DOUBLE_EQ(means[0].geomean, 1.0);  // 0.25 and 4
  EXPECT_EQ(means[1].engine, "xnnpack");
  EXPECT_EQ(means[1].ratios, 1);  // b's row was skipped
  EXPECT_EQ(means[1].shapes, 2);
  EXPECT_DOUBLE_EQ(means[1].geomean, 0.5);
  EXPECT_EQ(means[2].threads, 2);  // after every 1-thread entry of the op
  EXPECT_DOUBLE_EQ(means[2].geomean, 3.0);
  EXPECT_EQ(means[3].op, OpId::relu_fwd);
  EXPECT_DOUBLE_EQ(means[3].geomean, 0.5);
}

TEST(Scoreboard, ShapesWhoseBestCnnkitRowIsTheReferenceAreFallbacks) {
  const auto lines = scoreboard({reference_row("fast", 1.0), cnnkit_row("fast", "conv2d_fwd.simd", 1, 9.0, true),
                                 engine_row("fast", "onednn", 1, 10.0), engine_row("fast", "xnnpack", 1, 10.0),
                                 reference_row("slow", 1.0), engine_row("slow", "onednn", 1, 10.0),
                                 engine_row("slow", "xnnpack", 1, 10.0)});
  EXPECT_EQ(reference_fallbacks(lines, OpId::conv2d_fwd, 1), std::vector<std::string>{"slow"});
  EXPECT_TRUE(reference_fallbacks(lines, OpId::conv2d_fwd, 2).empty());
}

TEST(Scoreboard, RatioFormatting) {
  EXPECT_EQ(format_ratio(0.0024), "0.0024x");
  EXPECT_EQ(format_ratio(1.05), "1.05x");
  EXPECT_EQ(format_ratio(213.4), "213x");
  EXPECT_EQ(format_ratio(12345.0), "12345x");
  EXPECT_EQ(format_ratio(NAN), "-");
}

TEST(Scoreboard, TheTablesShowEachEnginesRatioTheGeomeansAndWhatIsTimed) {
  SuiteResult result;
  result.ops = {OpId::conv2d_fwd};
  result.records = {reference_row("a", 2.0), engine_row("a", "onednn", 1, 200.0), engine_row("a", "xnnpack", 1, 8.0)};
  result.records[0].impl = cnnkit_row_note(OpId::conv2d_fwd);
  result.records[1].impl = "brgconv:avx512_core";
  result.gaps = {{OpId::conv2d_fwd, "other", "why not"}};
  const std::string tables = op_tables(result, MachineProbe{}, DType::f32);
  EXPECT_NE(tables.find("a 1T: best cnnkit conv2d_fwd.ref 2.00; onednn 200.0 (cnnkit/engine 0.01x); xnnpack 8.00 "
                        "(cnnkit/engine 0.25x)"),
            std::string::npos)
      << tables;
  EXPECT_NE(tables.find("cnnkit/eng"), std::string::npos);
  EXPECT_NE(tables.find("weight packing included"), std::string::npos);
  EXPECT_NE(tables.find("packing in call"), std::string::npos);
  EXPECT_NE(tables.find("brgconv:avx512_core"), std::string::npos);
  EXPECT_NE(tables.find("geomean cnnkit/onednn at 1T over 1 shape: 0.01x"), std::string::npos) << tables;
  EXPECT_NE(tables.find("not compared: other (why not)"), std::string::npos);
  const std::string board = scoreboard_report(result);
  EXPECT_NE(board.find("conv2d_fwd, 1 thread (GFLOP/s)"), std::string::npos) << board;
  EXPECT_NE(board.find("conv2d_fwd.ref (ref)"), std::string::npos) << board;
  EXPECT_NE(board.find("0.25x"), std::string::npos) << board;
  EXPECT_NE(board.find("weight packing included"), std::string::npos) << board;
  EXPECT_NE(board.find("falls back to the reference: a (1 of 1 shapes)"), std::string::npos) << board;
  EXPECT_EQ(scoreboard_report(SuiteResult{}), "");
}

}  // namespace
}  // namespace cnnkit::bench

// The headline comparison: the plain call (not the best forced row) against each engine, which
// rows count on which side at which thread count, the ratio's direction, dispatch regret and its
// summary, the geometric means, and how the text report and the files show them.
#include "compare/scoreboard.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "compare/file_reports.hpp"
#include "compare/suite_runner.hpp"
#include "compare/table_report.hpp"

namespace cnnkit::bench {
namespace {

// Work 1 GFLOP per call, so a rate of R GFLOP/s is a median of 1/R s.
Record row(const std::string& shape, const std::string& variant, int threads, double rate) {
  Record r;
  r.op = OpId::conv2d_fwd;
  r.shape = shape;
  r.variant = variant;
  r.threads = threads;
  r.work = {Metric::flops, 1e9};
  r.rate = rate;
  r.timing.median_s = r.timing.min_s = r.timing.max_s = 1.0 / rate;
  r.status = RunStatus::measured;
  r.check = Check::match;
  return r;
}

Record forced(const std::string& shape, const std::string& variant, int threads, double rate, bool serial) {
  Record r = row(shape, variant, threads, rate);
  r.serial = serial;
  return r;
}

Record reference_row(const std::string& shape, double rate) {
  Record r = forced(shape, "conv2d_fwd.ref", 1, rate, true);
  r.reference = true;
  return r;
}

Record plain(const std::string& shape, int threads, double rate, const std::string& ran,
             const std::string& label = "plain") {
  Record r = row(shape, label, threads, rate);
  r.kind = RowKind::plain;
  r.serial = false;
  r.ran_variant = ran;
  r.ran_reference = ran == "conv2d_fwd.ref";
  r.prepacked = label.find("prepacked") != std::string::npos;
  return r;
}

Record engine_row(const std::string& shape, const std::string& engine, int threads, double rate) {
  Record r = row(shape, engine, threads, rate);
  r.kind = RowKind::engine;
  r.engine = engine;
  r.side = Side::competitor;
  r.serial = false;
  return r;
}

// The regression test for issue 10's headline: a user gets the plain call, so the engines are
// compared with it even when a forced row (an oracle no user gets) is faster.
TEST(Scoreboard, TheEnginesAreComparedWithThePlainCallEvenWhenAForcedRowIsFaster) {
  const std::vector<Record> records = {
      reference_row("a", 2.0),
      forced("a", "conv2d_fwd.simd", 1, 100.0, true),  // the fastest row...
      plain("a", 1, 50.0, "conv2d_fwd.blocked"),       // ...but dispatch picks a slower one
      engine_row("a", "onednn", 1, 200.0),
  };
  const auto lines = scoreboard(records);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].plain.plain, "plain");
  EXPECT_EQ(lines[0].plain.variant, "conv2d_fwd.blocked");
  EXPECT_EQ(lines[0].plain.rate, 50.0);
  EXPECT_DOUBLE_EQ(lines[0].ratio, 0.25);  // 50 / 200, not the forced row's 100 / 200
  EXPECT_EQ(lines[0].plain.best.row, "conv2d_fwd.simd");
  EXPECT_DOUBLE_EQ(lines[0].plain.regret, 2.0);

  SuiteResult result;
  result.ops = {OpId::conv2d_fwd};
  result.records = records;
  const std::string tables = op_tables(result, MachineProbe{}, DType::f32);
  EXPECT_NE(tables.find("a 1T plain: ran conv2d_fwd.blocked 50.0; best forced conv2d_fwd.simd 100.0, regret 2x; "
                        "onednn 200.0 (cnnkit/engine 0.25x)"),
            std::string::npos)
      << tables;
  EXPECT_EQ(tables.find("0.5x"), std::string::npos) << tables;  // the forced row's ratio is nowhere
  const std::string board = scoreboard_report(result);
  EXPECT_NE(board.find("conv2d_fwd, 1 thread, plain (GFLOP/s)"), std::string::npos) << board;
  EXPECT_NE(board.find("0.25x"), std::string::npos) << board;
  EXPECT_EQ(board.find("0.5x"), std::string::npos) << board;
}

TEST(Scoreboard, EachEngineAgainstThePlainCallAtTheSameThreadCountRatioCnnkitOverEngine) {
  const std::vector<Record> records = {
      reference_row("a", 2.0),
      forced("a", "conv2d_fwd.simd", 1, 50.0, true),
      forced("a", "conv2d_fwd.omp", 2, 80.0, false),
      plain("a", 1, 50.0, "conv2d_fwd.simd"),
      plain("a", 2, 80.0, "conv2d_fwd.omp"),
      engine_row("a", "onednn", 1, 200.0),
      engine_row("a", "xnnpack", 1, 100.0),
      engine_row("a", "onednn", 2, 400.0),
      engine_row("a", "xnnpack", 2, 40.0),
  };
  const auto lines = scoreboard(records);
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0].plain.threads, 1);
  EXPECT_EQ(lines[0].engine, "onednn");
  EXPECT_DOUBLE_EQ(lines[0].ratio, 0.25);
  EXPECT_EQ(lines[1].engine, "xnnpack");
  EXPECT_DOUBLE_EQ(lines[1].ratio, 0.5);
  EXPECT_EQ(lines[2].plain.threads, 2);
  EXPECT_EQ(lines[2].plain.variant, "conv2d_fwd.omp");
  EXPECT_DOUBLE_EQ(lines[2].ratio, 80.0 / 400.0);
  EXPECT_DOUBLE_EQ(lines[3].ratio, 2.0);  // > 1: cnnkit faster
  EXPECT_EQ(lines[3].plain.metric, Metric::flops);
}

TEST(Scoreboard, TheBestForcedRowAtTIncludesSerialVariantsAndTheReferenceButNotOtherThreadCounts) {
  const std::vector<Record> records = {
      reference_row("a", 70.0),                          // the reference can be the best
      forced("a", "conv2d_fwd.blocked", 1, 60.0, true),  // serial: counts at 2 threads too
      forced("a", "conv2d_fwd.omp", 2, 40.0, false),
      forced("a", "conv2d_fwd.omp", 4, 900.0, false),  // another thread count: never at 2
      plain("a", 2, 35.0, "conv2d_fwd.omp"),
  };
  const ForcedBest best = best_forced(records, OpId::conv2d_fwd, "a", 2);
  EXPECT_EQ(best.row, "conv2d_fwd.ref");
  EXPECT_TRUE(best.reference);
  EXPECT_DOUBLE_EQ(best.seconds, 1.0 / 70.0);
  const auto lines = plain_lines(records);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_DOUBLE_EQ(lines[0].regret, 2.0);  // (1/35) / (1/70)
  // A threaded forced row does not count at another thread count.
  EXPECT_TRUE(best_forced({forced("b", "conv2d_fwd.omp", 2, 40.0, false)}, OpId::conv2d_fwd, "b", 1).row.empty());
}

TEST(Scoreboard, PlainRowsNeverCountAsTheBestForcedRowAndWithoutForcedRowsRegretIsNA) {
  const auto lines = plain_lines({plain("a", 1, 50.0, "conv2d_fwd.simd")});
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_TRUE(lines[0].best.row.empty());
  EXPECT_TRUE(std::isnan(lines[0].regret));
  const auto summary = regret_summaries(lines);
  ASSERT_EQ(summary.size(), 1u);
  EXPECT_EQ(summary[0].regrets, 0);
  EXPECT_EQ(summary[0].shapes, 1);
  EXPECT_TRUE(std::isnan(summary[0].geomean));
  EXPECT_EQ(regret_text(summary[0]), "n/a (no forced row counted)");
}

TEST(Scoreboard, MismatchedSkippedAndFailedRowsNeverCount) {
  Record wrong = engine_row("a", "xnnpack", 1, 1000.0);
  wrong.check = Check::mismatch;
  Record skipped = engine_row("a", "onednn", 1, NAN);
  skipped.status = RunStatus::skipped;
  skipped.note = "oneDNN rejects the case";
  Record fast_but_wrong = forced("a", "conv2d_fwd.fast", 1, 900.0, true);
  fast_but_wrong.check = Check::mismatch;
  const auto lines =
      scoreboard({reference_row("a", 2.0), fast_but_wrong, plain("a", 1, 4.0, "conv2d_fwd.simd"), wrong, skipped});
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].plain.best.row, "conv2d_fwd.ref");
  EXPECT_DOUBLE_EQ(lines[0].plain.regret, 0.5);
  EXPECT_EQ(lines[0].engine, "xnnpack");
  EXPECT_TRUE(std::isnan(lines[0].engine_rate));
  EXPECT_EQ(lines[0].engine_note, "MISMATCH");
  EXPECT_TRUE(std::isnan(lines[0].ratio));
  EXPECT_EQ(lines[1].engine_note, "skipped: oneDNN rejects the case");

  Record wrong_plain = plain("b", 1, 900.0, "conv2d_fwd.fast");
  wrong_plain.check = Check::mismatch;
  const auto b = scoreboard({reference_row("b", 2.0), wrong_plain, engine_row("b", "onednn", 1, 4.0)});
  ASSERT_EQ(b.size(), 1u);
  EXPECT_TRUE(std::isnan(b[0].plain.rate));
  EXPECT_EQ(b[0].plain.note, "MISMATCH");
  EXPECT_TRUE(std::isnan(b[0].plain.regret));
  EXPECT_TRUE(std::isnan(b[0].ratio));
}

TEST(Scoreboard, ShapesWithoutEngineRowsHaveAPlainLineButNoScoreLine) {
  const std::vector<Record> records = {reference_row("a", 2.0), plain("a", 1, 2.0, "conv2d_fwd.ref"),
                                       reference_row("b", 3.0), plain("b", 1, 3.0, "conv2d_fwd.ref"),
                                       engine_row("b", "onednn", 1, 6.0)};
  EXPECT_EQ(plain_lines(records).size(), 2u);
  const auto lines = scoreboard(records);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].plain.shape, "b");
  EXPECT_EQ(format_ratio(lines[0].ratio), "0.5x");
}

// conv2d_fwd's prepacked plain call is a plain call of its own: its own lines, ratios and regret
// (which can be < 1, the forced rows packing inside the call).
TEST(Scoreboard, ThePrepackedPlainCallHasItsOwnLinesGeomeansAndRegret) {
  const auto lines =
      scoreboard({forced("a", "conv2d_fwd.blocked", 1, 100.0, true), plain("a", 1, 80.0, "conv2d_fwd.blocked"),
                  plain("a", 1, 125.0, "conv2d_fwd.blocked", "plain, prepacked"), engine_row("a", "onednn", 1, 200.0)});
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].plain.plain, "plain");
  EXPECT_DOUBLE_EQ(lines[0].ratio, 0.4);
  EXPECT_DOUBLE_EQ(lines[0].plain.regret, 1.25);
  EXPECT_EQ(lines[1].plain.plain, "plain, prepacked");
  EXPECT_TRUE(lines[1].plain.prepacked);
  EXPECT_DOUBLE_EQ(lines[1].ratio, 0.625);
  EXPECT_DOUBLE_EQ(lines[1].plain.regret, 0.8);
  const auto means = geomeans(lines);
  ASSERT_EQ(means.size(), 2u);
  EXPECT_EQ(means[0].plain, "plain");
  EXPECT_EQ(means[1].plain, "plain, prepacked");
  EXPECT_DOUBLE_EQ(means[1].geomean, 0.625);
}

TEST(Scoreboard, GeometricMeanOfFinitePositiveValues) {
  EXPECT_DOUBLE_EQ(geometric_mean({2.0, 8.0}), 4.0);
  EXPECT_NEAR(geometric_mean({0.01, 1.0, 100.0}), 1.0, 1e-12);
  EXPECT_DOUBLE_EQ(geometric_mean({4.0, NAN, 0.0, -1.0, INFINITY}), 4.0);
  EXPECT_TRUE(std::isnan(geometric_mean({})));
  EXPECT_TRUE(std::isnan(geometric_mean({NAN})));
}

TEST(Scoreboard, GeomeansPerOpThreadCountPlainCallAndEngine) {
  std::vector<Record> records = {plain("a", 2, 3.0, "conv2d_fwd.omp"),  plain("a", 1, 1.0, "conv2d_fwd.ref"),
                                 engine_row("a", "onednn", 2, 1.0),     engine_row("a", "onednn", 1, 4.0),
                                 engine_row("a", "xnnpack", 1, 2.0),    plain("b", 1, 1.0, "conv2d_fwd.ref"),
                                 engine_row("b", "onednn", 1, 1.0 / 4), engine_row("b", "xnnpack", 1, NAN)};
  records.back().status = RunStatus::skipped;
  Record relu_plain = plain("r", 1, 10.0, "relu_fwd.simd");
  Record relu_engine = engine_row("r", "xnnpack", 1, 20.0);
  relu_plain.op = relu_engine.op = OpId::relu_fwd;
  records.push_back(relu_plain);
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

TEST(Scoreboard, RegretSummaryGeomeanWorstAndCountAboveTheThreshold) {
  // Regrets 1.0, 1.04, 1.2, 4.0 at 1 thread; one shape with no forced row (n/a); one shape at 2
  // threads.
  const std::vector<Record> records = {
      forced("a", "conv2d_fwd.x", 1, 100.0, true), plain("a", 1, 100.0, "conv2d_fwd.x"),
      forced("b", "conv2d_fwd.x", 1, 104.0, true), plain("b", 1, 100.0, "conv2d_fwd.y"),
      forced("c", "conv2d_fwd.x", 1, 120.0, true), plain("c", 1, 100.0, "conv2d_fwd.y"),
      forced("d", "conv2d_fwd.x", 1, 400.0, true), plain("d", 1, 100.0, "conv2d_fwd.y"),
      plain("e", 1, 100.0, "conv2d_fwd.y"),        plain("a", 2, 50.0, "conv2d_fwd.y"),
  };
  const auto lines = plain_lines(records);
  ASSERT_EQ(lines.size(), 6u);
  EXPECT_EQ(lines[1].shape, "a");  // a's 2-thread line comes with a's group
  EXPECT_EQ(lines[1].threads, 2);
  EXPECT_NEAR(lines[2].regret, 1.04, 1e-12);
  const auto summary = regret_summaries(lines);
  ASSERT_EQ(summary.size(), 2u);
  const RegretSummary& s = summary[0];
  EXPECT_EQ(s.threads, 1);
  EXPECT_EQ(s.plain, "plain");
  EXPECT_NEAR(s.geomean, std::pow(1.0 * 1.04 * 1.2 * 4.0, 0.25), 1e-12);
  EXPECT_DOUBLE_EQ(s.worst, 4.0);
  EXPECT_EQ(s.worst_shape, "d");
  EXPECT_EQ(s.above, 2);  // 1.2 and 4.0
  EXPECT_EQ(s.regrets, 4);
  EXPECT_EQ(s.shapes, 5);
  EXPECT_EQ(regret_text(s), "geomean 1.49x, worst 4x (d), 2 of 4 shapes above 1.05; n/a on 1");
  EXPECT_EQ(summary[1].threads, 2);
  EXPECT_DOUBLE_EQ(summary[1].worst, 2.0);  // the serial forced row at 1 thread counts at 2
  EXPECT_EQ(summary[1].above, 1);
}

TEST(Scoreboard, ShapesWhoseBestPlainCallRunsTheReferenceAreFallbacks) {
  const auto lines = plain_lines({plain("fast", 1, 9.0, "conv2d_fwd.simd"), plain("slow", 1, 1.0, "conv2d_fwd.ref"),
                                  plain("slow", 1, 1.0, "conv2d_fwd.ref", "plain, prepacked")});
  EXPECT_EQ(reference_fallbacks(lines, OpId::conv2d_fwd, 1, "plain"), std::vector<std::string>{"slow"});
  EXPECT_TRUE(reference_fallbacks(lines, OpId::conv2d_fwd, 2, "plain").empty());
}

TEST(Scoreboard, RatioFormatting) {
  EXPECT_EQ(format_ratio(0.0024), "0.0024x");
  EXPECT_EQ(format_ratio(1.05), "1.05x");
  EXPECT_EQ(format_ratio(213.4), "213x");
  EXPECT_EQ(format_ratio(12345.0), "12345x");
  EXPECT_EQ(format_ratio(NAN), "-");
}

SuiteResult sample_result() {
  SuiteResult result;
  result.ops = {OpId::conv2d_fwd};
  result.records = {reference_row("a", 2.0),
                    forced("a", "conv2d_fwd.simd", 1, 4.0, true),
                    plain("a", 1, 2.0, "conv2d_fwd.ref"),
                    plain("a", 1, 8.0, "conv2d_fwd.simd", "plain, prepacked"),
                    engine_row("a", "onednn", 1, 200.0),
                    engine_row("a", "xnnpack", 1, 8.0)};
  result.records[0].impl = cnnkit_row_note(OpId::conv2d_fwd);
  result.records[4].impl = "brgconv:avx512_core";
  result.gaps = {{OpId::conv2d_fwd, "other", "why not"}};
  return result;
}

TEST(Scoreboard, TheTablesShowThePlainCallItsRegretEachEnginesRatioAndWhatIsTimed) {
  const SuiteResult result = sample_result();
  const std::string tables = op_tables(result, MachineProbe{}, DType::f32);
  EXPECT_NE(tables.find("a 1T plain: ran conv2d_fwd.ref 2.00; best forced conv2d_fwd.simd 4.00, regret 2x; onednn "
                        "200.0 (cnnkit/engine 0.01x); xnnpack 8.00 (cnnkit/engine 0.25x)"),
            std::string::npos)
      << tables;
  EXPECT_NE(tables.find("a 1T plain, prepacked: ran conv2d_fwd.simd 8.00; best forced conv2d_fwd.simd 4.00, regret "
                        "0.5x; onednn 200.0 (cnnkit/engine 0.04x); xnnpack 8.00 (cnnkit/engine 1x)"),
            std::string::npos)
      << tables;
  for (const char* text : {"cnnkit/eng", "regret", "weight packing included", "like-for-like", "packing in call",
                           "brgconv:avx512_core", "not compared: other (why not)",
                           "1T plain: regret geomean 2x, worst 2x (a), 1 of 1 shape above 1.05; cnnkit/onednn "
                           "geomean 0.01x over 1 shape; cnnkit/xnnpack geomean 0.25x over 1 shape",
                           "1T plain, prepacked: regret geomean 0.5x"})
    EXPECT_NE(tables.find(text), std::string::npos) << text << "\n" << tables;
  const std::string board = scoreboard_report(result);
  for (const char* text :
       {"conv2d_fwd, 1 thread, plain (GFLOP/s)", "conv2d_fwd, 1 thread, plain, prepacked", "like-for-like",
        "conv2d_fwd.ref (ref)", "weight packing too", "regret: geomean 2x, worst 2x (a), 1 of 1 shape above 1.05",
        "the plain call runs the reference on: a (1 of 1 shapes)", "Summary per op and thread count", "/onednn",
        "/xnnpack"})
    EXPECT_NE(board.find(text), std::string::npos) << text << "\n" << board;
  EXPECT_EQ(scoreboard_report(SuiteResult{}), "");
}

// conv2d_bwd_data has a prepacked plain call too: its tables say so, as conv2d_fwd's do.
TEST(Scoreboard, BackwardDataTablesNameThePrepackedCallTheLikeForLikeComparison) {
  SuiteResult result;
  result.ops = {OpId::conv2d_bwd_data};
  for (Record r : {plain("a", 1, 2.0, "conv2d_bwd_data.simd"),
                   plain("a", 1, 8.0, "conv2d_bwd_data.blocked", "plain, prepacked"), engine_row("a", "onednn", 1, 4.0)}) {
    r.op = OpId::conv2d_bwd_data;
    result.records.push_back(r);
  }
  const std::string tables = op_tables(result, MachineProbe{}, DType::f32);
  for (const char* text : {"\"plain, prepacked\": weights packed before timing", "like-for-like",
                           "a 1T plain, prepacked: ran conv2d_bwd_data.blocked 8.00", "(cnnkit/engine 2x)"})
    EXPECT_NE(tables.find(text), std::string::npos) << text << "\n" << tables;
  const std::string board = scoreboard_report(result);
  for (const char* text : {"conv2d_bwd_data, 1 thread, plain, prepacked", "like-for-like", "conv2d_bwd_data"})
    EXPECT_NE(board.find(text), std::string::npos) << text << "\n" << board;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(Scoreboard, JsonAndCsvCarryThePlainCallTheBestForcedRowAndTheRegret) {
  const SuiteResult result = sample_result();
  const std::string base = ::testing::TempDir() + "scoreboard_test";
  write_json(base + ".json", result, MachineProbe{}, Options{});
  write_csv(base + ".csv", result);
  const std::string json = read_file(base + ".json");
  for (const char* key :
       {"\"row\": \"plain\"", "\"ran_variant\": \"conv2d_fwd.simd\"", "\"best_forced\": ", "\"best_forced_s\": ",
        "\"regret\": 2", "\"plain_calls\": [", "\"plain\": \"plain, prepacked\"",
        "\"plain_variant\": ", "\"plain_s\": ", "\"regret_summary\": [", "\"regret_geomean\": 2", "\"regret_worst\": 2",
        "\"regret_worst_shape\": \"a\"", "\"regrets_above\": 1", "\"shapes\": 1", "\"geomean_ratio\": "})
    EXPECT_NE(json.find(key), std::string::npos) << key;
  const std::string csv = read_file(base + ".csv");
  EXPECT_NE(csv.find(",row,ran_variant,best_forced,best_forced_s,regret\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find(",plain,conv2d_fwd.ref,conv2d_fwd.simd,0.25,2\n"), std::string::npos) << csv;
  const std::string board = read_file(scoreboard_csv_path(base + ".csv"));
  EXPECT_EQ(board.rfind("op,shape,threads,unit,plain,prepacked,plain_variant,plain_runs_reference,plain_rate,plain_s,"
                        "best_forced,best_forced_is_reference,best_forced_rate,best_forced_s,regret,engine,",
                        0),
            0u)
      << board;
  for (const char* field : {"regret_geomean", "regret_worst", "regret_worst_shape", "regrets_above"})
    EXPECT_NE(board.find(field), std::string::npos) << field;
  // A row per (plain call, engine), each with its group's regret summary.
  EXPECT_NE(board.find("conv2d_fwd,a,1,GFLOP/s,plain,false,conv2d_fwd.ref,true,2,0.5,conv2d_fwd.simd,false,4,0.25,2,"
                       "onednn,200,,0.01,0.01,2,2,a,1.05,1,1,1\n"),
            std::string::npos)
      << board;
  std::remove((base + ".json").c_str());
  std::remove((base + ".csv").c_str());
  std::remove(scoreboard_csv_path(base + ".csv").c_str());
}

// The JSON file parses (nlohmann-json writes it), keeps its sections in the order documented,
// holds null for what was not measured and keeps quotes, backslashes and control characters in
// names and notes intact.
TEST(Scoreboard, TheJsonParsesWithNullsForWhatWasNotMeasured) {
  SuiteResult result = sample_result();
  Record skipped = forced("odd \"name\"\twith\\", "conv2d_fwd.avx512", 1, 1.0, true);
  skipped.status = RunStatus::skipped;
  skipped.note = "skipped: \"no avx512\"\n";
  result.records.push_back(skipped);
  const std::string path = ::testing::TempDir() + "scoreboard_json_test.json";
  write_json(path, result, MachineProbe{}, Options{});
  const auto doc = nlohmann::ordered_json::parse(read_file(path));
  std::remove(path.c_str());
  std::vector<std::string> sections;
  for (const auto& item : doc.items()) sections.push_back(item.key());
  EXPECT_EQ(sections, (std::vector<std::string>{"cnnkit_version", "dtype", "cpu_isa", "machine", "timing", "engines",
                                                "total_seconds", "results", "plain_calls", "scoreboard",
                                                "geomean_ratios", "regret_summary"}));
  ASSERT_EQ(doc["results"].size(), result.records.size());
  const auto& odd = doc["results"].back();
  EXPECT_EQ(odd["shape"], "odd \"name\"\twith\\");
  EXPECT_EQ(odd["note"], "skipped: \"no avx512\"\n");
  EXPECT_EQ(odd["status"], "skipped");
  for (const char* key : {"median_s", "min_s", "max_s", "rate", "best_forced_s", "regret"})
    EXPECT_TRUE(odd[key].is_null()) << key;
  const auto& plain_row = doc["results"][2];
  EXPECT_EQ(plain_row["row"], "plain");
  EXPECT_DOUBLE_EQ(plain_row["regret"].get<double>(), 2.0);
  EXPECT_DOUBLE_EQ(plain_row["median_s"].get<double>(), 0.5);
  EXPECT_EQ(plain_row["threads"], 1);
  EXPECT_EQ(plain_row["reference"], false);
  EXPECT_TRUE(doc["machine"]["fma_peak_gflops"].is_object());
  EXPECT_EQ(doc["regret_summary"][0]["regrets_above"], 1);
}

}  // namespace
}  // namespace cnnkit::bench

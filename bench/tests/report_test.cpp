// The report's pieces without a browser: scales and log axes, tick labels, escaping, the
// roofline's coordinates, the ladder's medians, the sorted bars, and the page's mark counts
// against rows counted by hand (tests/report_fixture.hpp).
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "compare/options.hpp"
#include "report/html_report.hpp"
#include "report/ladder.hpp"
#include "report/roofline.hpp"
#include "report/sorted_bars.hpp"
#include "report/svg_chart.hpp"
#include "tests/report_fixture.hpp"

namespace cnnkit::bench {
namespace {

TEST(SvgScale, LinearMapsEndsAndMiddle) {
  const Scale s = Scale::linear(0, 10, 100, 200);
  EXPECT_DOUBLE_EQ(s(0), 100);
  EXPECT_DOUBLE_EQ(s(5), 150);
  EXPECT_DOUBLE_EQ(s(10), 200);
  EXPECT_EQ(s.ticks(), (std::vector<double>{0, 2, 4, 6, 8, 10}));
}

TEST(SvgScale, LogWidensToDecadesAndMapsEachDecadeEqually) {
  const Scale s = Scale::log10(0.3, 70, 400, 100);  // a y axis: larger values higher up
  EXPECT_DOUBLE_EQ(s.lo(), 0.1);
  EXPECT_DOUBLE_EQ(s.hi(), 100);
  EXPECT_NEAR(s(0.1), 400, 1e-9);
  EXPECT_NEAR(s(1), 300, 1e-9);
  EXPECT_NEAR(s(10), 200, 1e-9);
  EXPECT_NEAR(s(100), 100, 1e-9);
  EXPECT_EQ(s.ticks(), (std::vector<double>{0.1, 1, 10, 100}));
}

TEST(SvgScale, NarrowLogAxisGetsTwoAndFiveTicks) {
  const Scale s = Scale::log10(0.9, 1.3, 0, 100);
  EXPECT_DOUBLE_EQ(s.lo(), 0.1);
  EXPECT_DOUBLE_EQ(s.hi(), 10);
  EXPECT_EQ(s.ticks(), (std::vector<double>{0.1, 0.2, 0.5, 1, 2, 5, 10}));
}

TEST(SvgScale, DataRangeSkipsWhatTheAxisCannotShow) {
  const auto [lo, hi] = data_range({NAN, 0.0, -3.0, 2.0, 8.0, INFINITY}, true, 2.0);
  EXPECT_DOUBLE_EQ(lo, 1.0);
  EXPECT_DOUBLE_EQ(hi, 16.0);
  EXPECT_EQ(data_range({}, true, 2.0), (std::pair{1.0, 10.0}));
}

TEST(SvgText, LabelsAndEscaping) {
  EXPECT_EQ(tick_label(0.01), "0.01");
  EXPECT_EQ(tick_label(1000), "1k");
  EXPECT_EQ(tick_label(2e6), "2M");
  EXPECT_EQ(short_number(1.23456), "1.23");
  EXPECT_EQ(short_number(NAN), "n/a");
  EXPECT_EQ(xml_escape("a<b & \"c\" 'd'>"), "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;");
}

TEST(SvgChartMarks, EveryMarkHasItsChartDataAndTooltip) {
  SvgChart chart("demo", 300, 200);
  chart.point(10, 10, "#000", 3, {"point simd", {{"op", "relu_fwd"}, {"case", "a<b"}}, "tip & more"});
  chart.bar(10, 10, 10, 10, "#000", {"bar", {}, "a zero-width bar still shows"});
  chart.line(0, 0, 1, 1, "grid");
  EXPECT_EQ(chart.marks(), 2);
  const std::string svg = chart.svg();
  EXPECT_NE(svg.find("<circle class=\"mark point simd\" data-chart=\"demo\" data-op=\"relu_fwd\" data-case=\"a&lt;b\""),
            std::string::npos);
  EXPECT_NE(svg.find("<title>tip &amp; more</title>"), std::string::npos);
  EXPECT_NE(svg.find("width=\"1.0\" height=\"1.0\""), std::string::npos);
  EXPECT_NE(svg.find("data-marks=\"2\""), std::string::npos);
  EXPECT_EQ(report_fixture::count_marks(svg), (std::map<std::string, int>{{"demo", 2}}));
}

TEST(RooflineWork, ConvCountsEveryBufferOnceAndPoolCountsTaps) {
  const auto layers = report_fixture::layers();
  // c1: x 1x8x8x4, w 3x3x4x8, y 1x8x8x8, bias 8: 256 + 288 + 512 + 8 floats.
  const RooflineWork conv = roofline_work(OpId::conv2d_fwd, layers[0], DType::f32, {Metric::flops, 36864});
  EXPECT_DOUBLE_EQ(conv.flops, 36864);
  EXPECT_DOUBLE_EQ(conv.bytes, (256 + 288 + 512 + 8) * 4.0);
  // p1: 8x8x4 -> 4x4x4 with 2x2 windows: 64 outputs x 4 taps.
  const RooflineWork pool = roofline_work(OpId::pool2d_fwd, layers[1], DType::f32, {Metric::bytes, 1280});
  EXPECT_DOUBLE_EQ(pool.flops, 256);
  EXPECT_DOUBLE_EQ(pool.bytes, 1280);
  EXPECT_DOUBLE_EQ(roofline_work(OpId::pad, layers[3], DType::f32, {Metric::bytes, 100}).flops, 0);
}

TEST(RooflineData, OnlyCnnkitRowsThatRanAndMatched) {
  const SuiteResult result = report_fixture::result();
  const auto layers = report_fixture::layers();
  const RooflineData conv = roofline_data(OpFamily::conv, result.records, layers, DType::f32);
  EXPECT_EQ(conv.points.size(), 6u);  // not the skipped, the mismatched or the engines' rows
  const RooflineData eltwise = roofline_data(OpFamily::eltwise, result.records, layers, DType::f32);
  EXPECT_EQ(eltwise.points.size(), 3u);
  EXPECT_EQ(eltwise.without_flops, 3);  // pad's rows
  for (const RooflinePoint& p : conv.points) EXPECT_NEAR(p.gflops, 1e6 / p.record->timing.median_s / 1e9, 1e-9);
}

TEST(Ladder, BestPerKindThenMedianOverCases) {
  SuiteResult result = report_fixture::result();
  // A second conv case whose simd rung is 2x: the median of 5x and 2x is 3.5x.
  for (Record r : std::vector<Record>(result.records)) {
    if (r.op != OpId::conv2d_fwd || r.kind != RowKind::forced) continue;
    r.shape = "c2";
    if (r.variant.find(".simd.") != std::string::npos) r.speedup = 2;
    result.records.push_back(r);
  }
  const auto all = ladders(result.records);
  const auto conv = std::find_if(all.begin(), all.end(), [](const Ladder& l) { return l.op == OpId::conv2d_fwd; });
  ASSERT_NE(conv, all.end());
  EXPECT_EQ(conv->cases.size(), 2u);
  EXPECT_EQ(conv->threads, 2);
  EXPECT_DOUBLE_EQ(conv->median[0], 1);    // the reference
  EXPECT_DOUBLE_EQ(conv->median[1], 3.5);  // simd: 5x and 2x
  EXPECT_DOUBLE_EQ(conv->median[3], 20);   // threaded: 1e-3 / 5e-5 on both
  EXPECT_EQ(conv->cases_with[4], 1);       // the plain call ran on c1 only
  EXPECT_NE(ladder_table(*conv).find("<td>-</td>"), std::string::npos);
}

TEST(SortedBars, LargestFirstAndOnlyFiniteValues) {
  const SuiteResult result = report_fixture::result();
  const auto lines = scoreboard(result.records);
  EXPECT_EQ(engines_of(lines), (std::vector<std::string>{"onednn", "xnnpack"}));
  const auto bars = engine_ratio_bars(lines, "onednn");
  ASSERT_EQ(bars.size(), 2u);
  const std::string svg = sorted_bar_chart("ratio-onednn", bars, {"t", "x", 0, true});
  // 1T: 1.5e-4 / 1.2e-4 = 1.25 drawn above 2T: 5e-5 / 6e-5 = 0.833.
  EXPECT_LT(svg.find("1T plain (ran"), svg.find("2T plain (ran"));
  EXPECT_EQ(regret_bars(plain_lines(result.records)).size(), 5u);
}

TEST(HtmlReport, EveryChartHasTheMarksItsRowsMake) {
  const SuiteResult result = report_fixture::result();
  const std::string html = html_report(result, report_fixture::probe(), report_fixture::layers(),
                                       {"cnnkit-bench --test", DType::f32, {1, 2}});
  EXPECT_EQ(report_fixture::count_marks(html), report_fixture::expected_marks());
  EXPECT_NE(html.find("Content-Security-Policy"), std::string::npos);
  EXPECT_EQ(html.find("src=\"http"), std::string::npos);
  EXPECT_NE(html.find("cnnkit-bench --test"), std::string::npos);
  EXPECT_NE(html.find("ISA tier"), std::string::npos);
}

TEST(HtmlReport, UnwritableDirectoryFailsBeforeTheRun) {
  const std::string file = ::testing::TempDir() + "cnnkit_report_not_a_dir";
  std::ofstream(file) << "x";
  EXPECT_THROW(prepare_report_dir(file + "/sub"), std::runtime_error);
  const std::string dir = ::testing::TempDir() + "cnnkit_report_dir_test";
  prepare_report_dir(dir);
  EXPECT_TRUE(std::filesystem::is_directory(dir));
  EXPECT_FALSE(std::filesystem::exists(dir + "/index.html"));  // the check leaves nothing behind
  std::filesystem::remove_all(dir);
  std::filesystem::remove(file);
}

TEST(ReportOption, TakesADirectory) {
  const char* argv[] = {"cnnkit-bench", "--report", "out/dir", "--quick"};
  EXPECT_EQ(parse_options(4, const_cast<char**>(argv)).report_dir, "out/dir");
  const char* inline_value[] = {"cnnkit-bench", "--report=r"};
  EXPECT_EQ(parse_options(2, const_cast<char**>(inline_value)).report_dir, "r");
  const char* missing[] = {"cnnkit-bench", "--report"};
  EXPECT_THROW(parse_options(2, const_cast<char**>(missing)), UsageError);
  const char* none[] = {"cnnkit-bench"};
  EXPECT_EQ(parse_options(1, const_cast<char**>(none)).report_dir, "");
}

}  // namespace
}  // namespace cnnkit::bench

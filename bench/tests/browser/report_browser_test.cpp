// cnnkit-bench's report in a real browser: headless Chromium loads the page, and the test reads
// back the DOM after load (no load error, no request blocked by the page's no-network policy,
// every chart with the marks its rows make, every mark drawn with a size) and the screenshot (a
// PNG of the window's size that is not one flat colour). Two pages: the synthetic run of
// tests/report_fixture.hpp, and a real quick run of three small seed shapes, in process, whose
// marks are counted from its records. Without Chromium the program says so and exits 77, which
// ctest shows as skipped (bench/CMakeLists.txt).
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <unordered_map>

#include "common/shape_suite.hpp"
#include "compare/engine_selection.hpp"
#include "compare/scoreboard.hpp"
#include "engines/engine_registry.hpp"
#include "png_pixels.hpp"
#include "report/html_report.hpp"
#include "report/roofline.hpp"
#include "report/variant_kind.hpp"
#include "tests/report_fixture.hpp"

namespace cnnkit::bench {
namespace {

namespace fs = std::filesystem;

constexpr int kWidth = 1400, kHeight = 2400;

// $CNNKIT_CHROMIUM, else chromium or chromium-browser on the PATH.
std::optional<std::string> find_chromium() {
  if (const char* named = std::getenv("CNNKIT_CHROMIUM"); named && *named) return std::string(named);
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "");
  for (std::string dir; std::getline(dirs, dir, ':');)
    for (const char* name : {"chromium", "chromium-browser"}) {
      const fs::path candidate = fs::path(dir) / name;
      std::error_code ec;
      if (fs::is_regular_file(candidate, ec)) return candidate.string();
    }
  return std::nullopt;
}

std::string chromium_path;

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

struct Rendered {
  std::string dom;
  fs::path png;
};

// One Chromium run: the DOM after the load event to dom.html, the window to page.png.
Rendered render(const fs::path& page) {
  const fs::path dir = page.parent_path();
  const std::string command =
      "timeout 120 '" + chromium_path + "' --headless --disable-gpu --no-sandbox --hide-scrollbars --user-data-dir='" +
      (dir / "profile").string() + "' --window-size=" + std::to_string(kWidth) + "," + std::to_string(kHeight) +
      " --screenshot='" + (dir / "page.png").string() + "' --dump-dom 'file://" + fs::absolute(page).string() +
      "' > '" + (dir / "dom.html").string() + "' 2> '" + (dir / "chromium.log").string() + "'";
  const int status = std::system(command.c_str());
  EXPECT_EQ(status, 0) << command << "\n" << read_text(dir / "chromium.log");
  return {read_text(dir / "dom.html"), dir / "page.png"};
}

// The page loaded, nothing failed or was blocked, and every mark in it was drawn with a size.
void expect_clean_load(const std::string& dom, int marks) {
  std::smatch m;
  ASSERT_TRUE(std::regex_search(dom, m, std::regex("data-rendered-marks=\"([0-9]+)\"")))
      << "the page's load handler did not run";
  EXPECT_EQ(std::stoi(m[1].str()), marks);
  EXPECT_NE(dom.find("data-errors=\"0\""), std::string::npos) << dom.substr(0, 3000);
  EXPECT_NE(dom.find("<pre id=\"page-errors\"></pre>"), std::string::npos);
}

// A PNG of the window's size, with many colours and none covering (nearly) everything.
void expect_drawn_png(const fs::path& path) {
  ASSERT_TRUE(fs::exists(path));
  EXPECT_GT(fs::file_size(path), 20000u);
  const PngPixels png = read_png(path.string());
  EXPECT_EQ(png.width, static_cast<std::uint32_t>(kWidth));
  EXPECT_EQ(png.height, static_cast<std::uint32_t>(kHeight));
  std::unordered_map<std::uint32_t, std::size_t> histogram;
  for (std::uint32_t c : png.rgb) ++histogram[c];
  std::size_t most = 0;
  for (const auto& [colour, count] : histogram) most = std::max(most, count);
  EXPECT_GE(histogram.size(), 16u);
  EXPECT_LT(static_cast<double>(most), 0.98 * static_cast<double>(png.rgb.size()));
}

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("cnnkit_report_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

int total(const std::map<std::string, int>& counts) {
  int n = 0;
  for (const auto& [chart, count] : counts) n += count;
  return n;
}

TEST(ReportInBrowser, SyntheticRunDrawsEveryMark) {
  const fs::path dir = fresh_dir("synthetic");
  const std::string page = write_html_report(dir.string(), report_fixture::result(), report_fixture::probe(),
                                             report_fixture::layers(), {"synthetic", DType::f32, {1, 2}});
  const Rendered r = render(page);
  const auto expected = report_fixture::expected_marks();
  EXPECT_EQ(report_fixture::count_marks(r.dom), expected);
  expect_clean_load(r.dom, total(expected));
  expect_drawn_png(r.png);
  fs::remove_all(dir);
}

// The marks a real run's records make, counted here from the records' own fields.
std::map<std::string, int> marks_of(const SuiteResult& result) {
  std::map<std::string, int> counts;
  for (const Record& r : result.records) {
    const bool cnnkit_row = r.kind != RowKind::engine;
    const bool ran = r.status == RunStatus::measured && r.check != Check::mismatch;
    if (cnnkit_row && ran && r.op != OpId::pad) ++counts[std::string("roofline-") + family_id(family_of(r.op))];
  }
  for (OpId op : result.ops) {
    int top = 1;
    bool has_reference = false;
    for (const Record& r : result.records)
      if (r.op == op && r.kind != RowKind::engine && r.status == RunStatus::measured) {
        top = std::max(top, r.threads);
        has_reference = has_reference || r.reference;
      }
    std::set<VariantKind> kinds;
    for (const Record& r : result.records) {
      if (r.op != op || r.status != RunStatus::measured || r.check == Check::mismatch || !std::isfinite(r.speedup))
        continue;
      const auto kind = variant_kind(r);
      if (!kind || (r.kind == RowKind::plain && (r.variant != "plain" || r.threads != top))) continue;
      if (*kind == VariantKind::threaded && r.threads != top) continue;
      kinds.insert(*kind);
    }
    if (has_reference) counts[std::string("ladder-") + to_string(op)] = static_cast<int>(kinds.size());
  }
  for (const PlainLine& p : plain_lines(result.records))
    if (std::isfinite(p.regret)) ++counts["regret"];
  return counts;
}

TEST(ReportInBrowser, QuickRealRunDrawsEveryMark) {
  Options options;
  options.quick = true;
  options.shapes = {"^seed_small$", "^seed_pool_f4", "^seed_zero_pad$"};
  options.timing = {0, 1, 2, 0.05, 1e-4};
  const std::vector<Layer> layers = load_shapes(options.shapes);
  const EngineSelection engines = select_engines({"cnnkit"}, known_engines());
  const MachineProbe probe = probe_machine(options.dtype, options.threads, true);
  const SuiteResult result = run_suite(options, layers, probe, engines);
  const auto expected = marks_of(result);
  ASSERT_GT(expected.at("roofline-conv"), 10);
  ASSERT_GT(expected.at("ladder-conv2d_fwd"), 2);

  const fs::path dir = fresh_dir("quick");
  const std::string page =
      write_html_report(dir.string(), result, probe, layers, {"quick run", options.dtype, options.threads});
  const Rendered r = render(page);
  EXPECT_EQ(report_fixture::count_marks(r.dom), expected);
  expect_clean_load(r.dom, total(expected));
  expect_drawn_png(r.png);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace cnnkit::bench

int main(int argc, char** argv) {
  const auto chromium = cnnkit::bench::find_chromium();
  if (!chromium) {
    std::puts(
        "SKIPPED: chromium not found (install Debian's chromium, as scripts/setup-debian.sh does, or set "
        "CNNKIT_CHROMIUM): the report's browser test needs a real browser");
    return 77;
  }
  cnnkit::bench::chromium_path = *chromium;
  testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}

#include "report/html_report.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <thread>

#include "cnnkit/tuning.hpp"
#include "cnnkit/version.hpp"
#include "common/list_parsing.hpp"
#include "compare/scoreboard.hpp"
#include "report/ladder.hpp"
#include "report/page_style.hpp"
#include "report/roofline.hpp"
#include "report/sorted_bars.hpp"
#include "report/svg_chart.hpp"

namespace cnnkit::bench {
namespace {

std::string utc_now() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M UTC", &tm);
  return buf;
}

std::string per_thread(const std::vector<std::pair<int, double>>& values, const char* unit) {
  std::vector<std::string> items;
  for (const auto& [t, v] : values) items.push_back(std::to_string(t) + "T " + short_number(v) + " " + unit);
  return join(items, ", ");
}

// What every caption says: the machine and the run.
std::string machine_line(const MachineProbe& probe, const ReportSettings& s) {
  std::vector<std::string> threads;
  for (int t : s.threads) threads.push_back(std::to_string(t));
  return "Machine: " + cpu_model() + ", ISA tier " + to_string(detected_isa()) + ", " +
         std::to_string(std::thread::hardware_concurrency()) + " hardware threads (load average " +
         short_number(probe.load_average) + " at the start). Run: " + to_string(s.dtype) + ", threads " +
         join(threads, ",") + ", cnnkit " + CNNKIT_VERSION_STRING + ".";
}

std::string figure(const std::string& svg, const std::string& caption, const std::string& machine) {
  return "<figure>\n" + svg + "<figcaption>" + xml_escape(caption) + " " + xml_escape(machine) +
         "</figcaption>\n</figure>\n";
}

std::string roofline_section(const SuiteResult& result, const MachineProbe& probe, const std::vector<Layer>& layers,
                             const ReportSettings& s, const std::string& machine) {
  std::string html = "<h2>Roofline per op family</h2>\n<div class=\"grid\">\n";
  for (OpFamily f : kOpFamilies) {
    if (std::none_of(result.ops.begin(), result.ops.end(), [&](OpId op) { return family_of(op) == f; })) continue;
    const RooflineData data = roofline_data(f, result.records, layers, s.dtype);
    std::string caption =
        "Each point is one measured cnnkit row (a forced variant or the plain call, at its thread "
        "count) at its arithmetic intensity (nominal FLOP / compulsory bytes); the roofs are the "
        "measured FMA peak (" +
        per_thread(probe.fma_gflops, "GFLOP/s") + ", probe tier " + probe.fma_tier + ") and STREAM copy (" +
        per_thread(probe.copy_gbs, "GB/s") + ").";
    if (data.without_flops > 0)  // (appended piecewise: GCC 12 gives a false -Wrestrict on "literal" + string chains)
      caption.append(" ")
          .append(std::to_string(data.without_flops))
          .append(" rows do no floating-point work (pad) and are not drawn.");
    html += figure(roofline_chart(f, data, probe), caption, machine);
  }
  return html + "</div>\n";
}

std::string ladder_section(const SuiteResult& result, const std::string& machine) {
  std::string html = "<h2>The ladder per op</h2>\n<div class=\"grid\">\n";
  const std::vector<Ladder> all = ladders(result.records);
  for (const Ladder& l : all)
    html += figure(ladder_chart(l),
                   "Median over the op's cases of the best speedup over the reference per rung: reference, simd "
                   "and blocked (one-thread kernels; blocked includes depthwise, sliding, separable, streaming "
                   "and scatter kernels), threaded variants and the plain call at " +
                       std::to_string(l.threads) + " threads.",
                   machine);
  html += "</div>\n";
  if (all.empty()) html += "<p class=\"run\">No op had a measured reference in this run.</p>\n";
  for (const Ladder& l : all)
    html += std::string("<details><summary>") + to_string(l.op) + ": speedup per case</summary>\n" + ladder_table(l) +
            "</details>\n";
  return html;
}

std::string engines_section(const std::vector<ScoreLine>& lines, const std::string& machine) {
  std::string html = "<h2>Against the engines</h2>\n";
  const std::vector<std::string> engines = engines_of(lines);
  if (engines.empty()) return html + "<p class=\"run\">No engine rows in this run (see --engines).</p>\n";
  for (const std::string& e : engines) {
    SortedBarStyle style{"cnnkit's plain call against " + e + ", per shape",
                         e + " time / cnnkit plain-call time (> 1: cnnkit faster)", 0, true};
    html += figure(sorted_bar_chart("ratio-" + e, engine_ratio_bars(lines, e), style),
                   "Per op, shape, thread count and plain call: the engine's median time over the plain call's, on "
                   "the same inputs; sorted, 1.0 marked.",
                   machine);
  }
  return html;
}

std::string regret_section(const std::vector<PlainLine>& lines, const std::string& machine) {
  SortedBarStyle style{"Dispatch regret per shape", "plain-call time / fastest forced variant's time", kRegretThreshold,
                       false};
  return "<h2>Dispatch regret</h2>\n" +
         figure(sorted_bar_chart("regret", regret_bars(lines), style),
                "Per op, shape, thread count and plain call: the plain call's median time over the fastest forced "
                "variant's at that thread count (serial variants included); 1.0: dispatch picked the fastest; the "
                "dashed line is the " +
                    short_number(kRegretThreshold) + " miss threshold.",
                machine);
}

}  // namespace

std::string html_report(const SuiteResult& result, const MachineProbe& probe, const std::vector<Layer>& layers,
                        const ReportSettings& settings) {
  const std::string machine = machine_line(probe, settings);
  const std::vector<PlainLine> plain = plain_lines(result.records);
  std::string html =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
      "script-src 'unsafe-inline'\">\n<title>cnnkit-bench report</title>\n<script>" +
      std::string(kReportCheckScript) + "</script>\n<style>" + kReportStyle + "</style>\n</head>\n<body>\n";
  html += "<h1>cnnkit-bench report</h1>\n<p class=\"run\">" + xml_escape(machine) + "</p>\n";
  html += "<p class=\"run\">Command: <code>" + xml_escape(settings.command) + "</code>; " +
          std::to_string(result.records.size()) + " rows in " + short_number(result.seconds) + " s; " + utc_now() +
          ".</p>\n<pre id=\"page-errors\"></pre>\n";
  html += roofline_section(result, probe, layers, settings, machine);
  html += ladder_section(result, machine);
  html += engines_section(scoreboard(result.records), machine);
  html += regret_section(plain, machine);
  return html + "</body>\n</html>\n";
}

void prepare_report_dir(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw std::runtime_error("--report: cannot create " + dir + ": " + ec.message());
  const std::filesystem::path page = std::filesystem::path(dir) / "index.html";
  const bool existed = std::filesystem::exists(page, ec);
  if (!std::ofstream(page, std::ios::app)) throw std::runtime_error("--report: cannot write " + page.string());
  if (!existed) std::filesystem::remove(page, ec);
}

std::string write_html_report(const std::string& dir, const SuiteResult& result, const MachineProbe& probe,
                              const std::vector<Layer>& layers, const ReportSettings& settings) {
  prepare_report_dir(dir);
  const std::string path = (std::filesystem::path(dir) / "index.html").string();
  std::ofstream out(path);
  out << html_report(result, probe, layers, settings);
  if (!out.flush()) throw std::runtime_error("--report: cannot write " + path);
  return path;
}

}  // namespace cnnkit::bench

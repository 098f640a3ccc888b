// cnnkit-bench --report DIR: DIR/index.html, one self-contained page of inline SVG charts drawn
// from the run's records (no network, no fetched script: a Content-Security-Policy forbids both):
// the roofline per op family (roofline.hpp), the ladder per op (ladder.hpp), the plain call's
// ratio to each engine and its dispatch regret per shape (sorted_bars.hpp). Each chart's caption
// names the machine and the run. A few lines of inline script record load errors and blocked
// requests in #page-errors, and, once loaded, how many marks have a size (data-rendered-marks on
// <body>): what the browser test reads back.
#pragma once

#include <string>
#include <vector>

#include "common/layer.hpp"
#include "common/machine_probe.hpp"
#include "compare/suite_runner.hpp"

namespace cnnkit::bench {

struct ReportSettings {
  std::string command;  // the command line that made the run, for the captions
  DType dtype = DType::f32;
  std::vector<int> threads;  // --threads
};

std::string html_report(const SuiteResult& result, const MachineProbe& probe, const std::vector<Layer>& layers,
                        const ReportSettings& settings);

// Creates DIR (and its parents) and checks that a file can be written in it, so that a bad --report
// stops cnnkit-bench before the run rather than after; throws std::runtime_error when it cannot.
void prepare_report_dir(const std::string& dir);

// Writes DIR/index.html (creating DIR) and returns its path; throws std::runtime_error when it cannot.
std::string write_html_report(const std::string& dir, const SuiteResult& result, const MachineProbe& probe,
                              const std::vector<Layer>& layers, const ReportSettings& settings);

}  // namespace cnnkit::bench

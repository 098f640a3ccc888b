// The console report: the machine probe and the engines, then one table per op (cnnkit's
// variants and the engines' rows with their cnnkit/engine ratio, a line per shape and thread
// count with cnnkit's best beside each engine, the geometric means per engine and thread count),
// the scoreboard (compare/scoreboard.hpp), and a one-line summary.
#pragma once

#include <string>
#include <vector>

#include "common/machine_probe.hpp"
#include "compare/suite_runner.hpp"

namespace cnnkit::bench {

std::string probe_report(const MachineProbe& probe);
std::string engines_report(const std::vector<EngineInfo>& engines);
std::string op_tables(const SuiteResult& result, const MachineProbe& probe, DType dtype);
std::string scoreboard_report(const SuiteResult& result);
std::string summary_line(const SuiteResult& result);

// "0.0123x", "1.05x", "213x": three significant digits; "-" for NaN.
std::string format_ratio(double ratio);

// Rows that make the exit status 1: mismatches and failures.
int problem_count(const SuiteResult& result);

}  // namespace cnnkit::bench

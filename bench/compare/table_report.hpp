// The console report: the machine probe and the engines, then one table per op (cnnkit's forced
// variants, its plain calls with their dispatch regret, and the engines' rows with the plain
// call's ratio to each; under each shape a line per thread count and plain call with the best
// forced row and each engine; under the table the regret summary and the geometric means per
// engine), the scoreboard (scoreboard_report.cpp, compare/scoreboard.hpp), and a one-line summary.
#pragma once

#include <string>
#include <vector>

#include "common/machine_probe.hpp"
#include "compare/report_cells.hpp"
#include "compare/suite_runner.hpp"

namespace cnnkit::bench {

std::string probe_report(const MachineProbe& probe);
std::string engines_report(const std::vector<EngineInfo>& engines);
std::string op_tables(const SuiteResult& result, const MachineProbe& probe, DType dtype);
// Per (op, thread count, plain call) a table of shapes: the plain call, the best forced row,
// the regret and each engine's rate and ratio, with the geomeans; then a summary table of the
// regrets and ratios per op and thread count. Empty when there are no plain rows.
std::string scoreboard_report(const SuiteResult& result);
std::string summary_line(const SuiteResult& result);

// Rows that make the exit status 1: mismatches and failures.
int problem_count(const SuiteResult& result);

}  // namespace cnnkit::bench

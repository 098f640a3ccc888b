// The console report: the machine probe, then one table per op, then a one-line summary.
#pragma once

#include <string>

#include "common/machine_probe.hpp"
#include "compare/suite_runner.hpp"

namespace cnnkit::bench {

std::string probe_report(const MachineProbe& probe);
std::string op_tables(const SuiteResult& result, const MachineProbe& probe, DType dtype);
std::string summary_line(const SuiteResult& result);

// Rows that make the exit status 1: mismatches and failures.
int problem_count(const SuiteResult& result);

}  // namespace cnnkit::bench

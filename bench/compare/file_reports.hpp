// --json and --csv: every record, machine-readable (plain rows also with their best forced row
// and regret). The JSON also holds the machine probe, the settings, the engines, the plain-call
// lines (plain_calls), the scoreboard (a line per plain call and engine), its geometric means per
// (op, threads, plain call, engine) and the regret summary per (op, threads, plain call); the CSV
// is one row per record with the same fields, and the scoreboard goes to a second CSV beside it
// (out.csv -> out.scoreboard.csv: a row per plain call and engine, or per plain call where the
// op has no engine row, each with its group's geomean ratio and regret summary).
#pragma once

#include <string>

#include "common/machine_probe.hpp"
#include "compare/options.hpp"
#include "compare/suite_runner.hpp"

namespace cnnkit::bench {

// Throw std::runtime_error when the file cannot be written.
void write_json(const std::string& path, const SuiteResult& result, const MachineProbe& probe, const Options& options);
void write_csv(const std::string& path, const SuiteResult& result);

// Where write_csv puts the scoreboard: "out.csv" -> "out.scoreboard.csv".
std::string scoreboard_csv_path(const std::string& csv_path);

}  // namespace cnnkit::bench

// --json and --csv: every record, machine-readable. The JSON also holds the machine probe, the
// settings, the engines, the scoreboard and its geometric means per (op, threads, engine); the
// CSV is one row per record with the same fields, and the scoreboard goes to a second CSV beside
// it (out.csv -> out.scoreboard.csv).
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

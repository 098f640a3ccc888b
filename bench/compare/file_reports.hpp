// --json and --csv: every record, machine-readable. The JSON also holds the machine probe and
// the settings; the CSV is one row per record with the same fields.
#pragma once

#include <string>

#include "common/machine_probe.hpp"
#include "compare/options.hpp"
#include "compare/suite_runner.hpp"

namespace cnnkit::bench {

// Throw std::runtime_error when the file cannot be written.
void write_json(const std::string& path, const SuiteResult& result, const MachineProbe& probe, const Options& options);
void write_csv(const std::string& path, const SuiteResult& result);

}  // namespace cnnkit::bench

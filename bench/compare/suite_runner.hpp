// Runs the suite: for each selected op (OpId order) and each layer that feeds it, one case
// (buffers allocated once), then every planned run on it: the reference first (its output is
// the oracle and its median the speedup baseline), then the other variants.
#pragma once

#include <vector>

#include "common/layer.hpp"
#include "common/machine_probe.hpp"
#include "compare/options.hpp"
#include "compare/record.hpp"

namespace cnnkit::bench {

struct SuiteResult {
  std::vector<OpId> ops;  // the ops that had something to run, in order
  std::vector<Record> records;
  double seconds = 0;
};

SuiteResult run_suite(const Options& options, const std::vector<Layer>& layers, const MachineProbe& probe);

// The Context every run starts from: the global one (environment included), with --max-isa.
Context base_context(const Options& options);

}  // namespace cnnkit::bench

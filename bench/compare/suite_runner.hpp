// Runs the suite: for each selected op (OpId order) and each layer that feeds it, one case
// (buffers allocated once), then every planned run on it: the reference first (its output is
// the oracle and its median the speedup baseline), then the other cnnkit variants (forced), then
// the plain calls (compare/plain_calls.hpp) at each thread count, then each selected engine at
// each thread count, on the same buffers and checked against the same oracle.
#pragma once

#include <string>
#include <vector>

#include "common/layer.hpp"
#include "common/machine_probe.hpp"
#include "compare/engine_selection.hpp"
#include "compare/options.hpp"
#include "compare/record.hpp"

namespace cnnkit::bench {

// An engine without any primitive for an op (shown under the op's table instead of rows).
struct EngineGap {
  OpId op;
  std::string engine;
  std::string reason;
};

struct SuiteResult {
  std::vector<OpId> ops;  // the ops that had something to run, in order
  std::vector<Record> records;
  std::vector<EngineGap> gaps;
  std::vector<EngineInfo> engines;  // every known engine, for the reports
  double seconds = 0;
};

SuiteResult run_suite(const Options& options, const std::vector<Layer>& layers, const MachineProbe& probe,
                      const EngineSelection& engines);

// The Context every run starts from: the global one (environment included), with --max-isa.
Context base_context(const Options& options);

// What a cnnkit row says about its timed call: "packing in call" for the ops that read weights
// (the weight packing a fast variant does is inside the timed call; a prepacked row would not
// have it), empty otherwise.
std::string cnnkit_row_note(OpId op);

}  // namespace cnnkit::bench

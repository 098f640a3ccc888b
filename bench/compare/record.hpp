// One row of cnnkit-bench's results: a cnnkit variant or a competitor engine at a thread count
// on one op case.
#pragma once

#include <cmath>
#include <string>

#include "cnnkit/dispatch.hpp"
#include "common/op_case.hpp"
#include "common/timing.hpp"
#include "common/verify.hpp"
#include "engines/engine.hpp"

namespace cnnkit::bench {

enum class RunStatus {
  measured,
  skipped,      // the settings exclude the variant, or it declines the problem (reason in note)
  unavailable,  // "n/a": an engine without this op in this dtype (reason in note)
  failed,       // an unexpected error (message in note)
};

enum class Check {
  reference,  // the row is the reference: the oracle itself
  match,
  mismatch,   // detail in check_detail
  unchecked,  // --no-verify, or no reference output
};

struct Record {
  OpId op = OpId::pad;
  std::string shape, shape_file, geometry;
  std::string variant;  // the cnnkit variant, or the engine's name
  int threads = 1;      // 0 when the variant cannot run here at all
  bool reference = false;
  std::string engine = "cnnkit";  // "cnnkit" for the registry's variants, else the engine's name
  Side side = Side::cnnkit;       // which side of the comparison the row counts for
  bool serial = true;             // runs on one thread whatever the thread count (cnnkit serial variants)
  std::string impl;               // the engine's implementation; for cnnkit rows, whether packing is timed

  RunStatus status = RunStatus::measured;
  std::string note;

  Timing timing;
  Work work;
  double rate = NAN;      // GFLOP/s or GB/s
  double pct_peak = NAN;  // of the FMA peak (flops) or STREAM copy (bytes) at this thread count
  double speedup = NAN;   // reference median / this median

  Check check = Check::unchecked;
  CheckResult check_result;
};

const char* to_string(RunStatus s);
const char* to_string(Check c);

}  // namespace cnnkit::bench

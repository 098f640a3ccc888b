// One row of cnnkit-bench's results: a variant at a thread count on one op case.
#pragma once

#include <cmath>
#include <string>

#include "cnnkit/dispatch.hpp"
#include "common/op_case.hpp"
#include "common/timing.hpp"
#include "common/verify.hpp"

namespace cnnkit::bench {

enum class RunStatus {
  measured,
  skipped,  // the settings exclude the variant, or it declines the problem (reason in note)
  failed,   // an unexpected error (message in note)
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
  std::string variant;
  int threads = 1;  // 0 when the variant cannot run here at all
  bool reference = false;

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

// One row of cnnkit-bench's results on one op case: a cnnkit variant forced through the Context,
// a plain call (default dispatch, compare/plain_calls.hpp), or a competitor engine, at a thread
// count.
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

// What a row measures.
enum class RowKind {
  forced,  // a cnnkit variant forced through the Context (variant = its name)
  plain,   // the plain public call, dispatch choosing (variant = the plain call's label, e.g. "plain")
  engine,  // a competitor engine (variant = the engine's name)
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
  RowKind kind = RowKind::forced;
  std::string variant;  // the forced variant, the plain call's label, or the engine's name
  int threads = 1;      // 0 when the variant cannot run here at all
  bool reference = false;
  std::string engine = "cnnkit";  // "cnnkit" for the registry's variants, else the engine's name
  Side side = Side::cnnkit;       // which side of the comparison the row counts for
  bool serial = true;             // runs on one thread whatever the thread count (cnnkit serial variants)
  std::string impl;               // the engine's implementation; for cnnkit rows, whether packing is timed
                                  // (plain rows: also the variant that ran)
  std::string ran_variant;        // plain rows: the variant dispatch ran (cnnkit::last_variant)
  bool ran_reference = false;     // plain rows: that variant is the op's reference loop nest
  bool prepacked = false;         // plain rows: conv weights packed once before timing, like the engines'

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
const char* to_string(RowKind k);  // "forced", "plain", "engine"

}  // namespace cnnkit::bench

// cnnkit-bench's command line (see usage_text() and bench/README.md).
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "cnnkit/dispatch.hpp"
#include "common/timing.hpp"

namespace cnnkit::bench {

struct Options {
  std::vector<std::string> ops;       // --ops: regexes searched in op names (all when empty)
  std::vector<std::string> shapes;    // --shapes: files, built-in file names or layer-name regexes
  std::vector<std::string> variants;  // --variants: regexes searched in variant names
  std::vector<std::string> engines;   // --engines: cnnkit and competitor engines (all available when empty)
  std::vector<int> threads{1, 2};     // --threads: thread counts for threaded variants
  DType dtype = DType::f32;           // --dtype
  std::optional<Isa> max_isa;         // --max-isa: cap the ISA tier (default: the environment's)
  TimingPolicy timing;                // --min-time, --max-reps, --max-case-time
  bool quick = false;                 // --quick
  bool verify = true;                 // --no-verify turns the output check off
  bool list = false;                  // --list
  bool help = false;                  // --help
  std::string json_path, csv_path;    // --json, --csv
  std::string report_dir;             // --report DIR: DIR/index.html, the charts (bench/report/)
  bool tuned = false;                 // --tuned: also the plain call with autotuning on
  std::string tune_out;               // --tune-out FILE: --tuned, then save the tuning cache to FILE
  std::vector<int> thread_plan;       // --thread-plan 16,32,64: print thread plans instead of timing
  bool contention = false;            // --contention: full thread count with one core busy vs quiet 1 thread
};

class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Throws UsageError on an unknown option or a bad value.
Options parse_options(int argc, char** argv);

std::string usage_text();

}  // namespace cnnkit::bench

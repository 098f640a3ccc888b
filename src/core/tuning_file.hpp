// The tuning file's text: reading and writing, without touching the cache or the disk (so tests
// can feed it strings). Format (version 1):
//
//   # comment lines and blank lines are ignored anywhere
//   cnnkit-tuning 1
//   cnnkit-version 0.2.0
//   cpu GenuineIntel family 6 model 167 stepping 1: Intel(R) Xeon(R) Processor
//   <op> TAB <dtype> TAB <isa> TAB <threading> TAB <threads> TAB <problem> TAB <variant> TAB <seconds>
//   ...
#pragma once

#include <string>
#include <vector>

namespace cnnkit::core {

struct TuningRecord {
  std::string key;      // the first six fields, tab-joined (core/tuning_key.hpp)
  const char* variant;  // the registry's own name string
  double seconds;       // the winner's measured time per call
};

struct ParsedTuningFile {
  std::string version;  // the cnnkit version it was written by
  std::string cpu;      // the CPU model it was written on
  std::vector<TuningRecord> records;
};

// Throws Error (invalid_argument) "tuning file '<name>', line N: expected ..., got ..." on any
// malformed line: bad header, wrong field count, unknown op/dtype/isa/threading, a thread
// count that is not a positive integer, a variant the op (for that dtype) does not have, a
// time that is not a finite non-negative number.
ParsedTuningFile parse_tuning_file(const std::string& text, const std::string& name);

std::string format_tuning_file(const std::string& version, const std::string& cpu,
                               const std::vector<TuningRecord>& records);

}  // namespace cnnkit::core

// cnnkit's own flags of the Google Benchmark suite, parsed by CLI11 before benchmark::Initialize
// sees the rest (gbench_flags_help() prints them):
//   --cnnkit_dtype=f32|f64|all   element type(s) (default f32)
//   --cnnkit_shapes=A,B,...      shape selectors, as cnnkit-bench --shapes (default: the default suite)
//   --cnnkit_threads=1,2         thread counts for threaded variants (default 1,2)
//   --cnnkit_probe               measure the FMA peak and STREAM copy first (~1 s); adds them to
//                                the context and a %peak counter to every case
#pragma once

#include <string>
#include <vector>

#include "cnnkit/dispatch.hpp"

namespace cnnkit::bench {

struct GbenchFlags {
  std::vector<DType> dtypes{DType::f32};
  std::vector<std::string> shapes;
  std::vector<int> threads{1, 2};
  bool probe = false;
  bool help = false;                        // --help: print ours, then Google Benchmark's (it gets --help too)
  std::vector<std::string> benchmark_args;  // the program name and every argument not ours, in order
};

// Takes the --cnnkit_* flags; the other arguments go to benchmark_args for Google Benchmark.
// Throws std::invalid_argument on a bad value or an unknown --cnnkit_ flag.
GbenchFlags parse_gbench_flags(int argc, const char* const* argv);

std::string gbench_flags_help();

}  // namespace cnnkit::bench

// cnnkit's own flags of the Google Benchmark suite (taken out of argv before
// benchmark::Initialize sees it):
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
};

// Removes the --cnnkit_* flags from argv. Throws std::invalid_argument on a bad value.
GbenchFlags take_cnnkit_flags(int& argc, char** argv);

std::string gbench_flags_help();

}  // namespace cnnkit::bench

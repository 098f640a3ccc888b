// The engines this build of cnnkit-bench knows: each one compiled in when CMake found its library
// (CNNKIT_BENCH_HAVE_ONEDNN, CNNKIT_BENCH_HAVE_XNNPACK), and usable when it also starts here.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engines/engine.hpp"

namespace cnnkit::bench {

struct EngineEntry {
  std::string name;                // "onednn", "xnnpack"
  std::unique_ptr<Engine> engine;  // null when unavailable
  std::string unavailable_reason;  // e.g. "not built: libdnnl-dev was not found at configure time"
};

// Every known engine, in the tables' row order, available or not.
std::vector<EngineEntry> known_engines();

}  // namespace cnnkit::bench

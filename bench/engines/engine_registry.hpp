// The engines this build of cnnkit-bench knows: each one compiled in when CMake found its library
// (CNNKIT_BENCH_HAVE_ONEDNN, CNNKIT_BENCH_HAVE_XNNPACK), and usable when it also starts here.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engines/engine.hpp"

namespace cnnkit::bench {

struct EngineEntry {
  std::string name;                // "onednn", "xnnpack"
  std::unique_ptr<Engine> engine;  // null when unavailable
  std::string unavailable_reason;  // e.g. "not built: libdnnl-dev was not found at configure time"
};

// Every known engine, in the tables' row order, available or not. `max_isa` (--max-isa) caps the
// engines that can be capped (oneDNN: dnnl::set_max_cpu_isa), so a tier's comparison is with the
// same instructions; XNNPACK cannot be, and says so in its description.
std::vector<EngineEntry> known_engines(std::optional<Isa> max_isa = std::nullopt);

}  // namespace cnnkit::bench

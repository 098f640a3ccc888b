// --engines: which rows a run has. "cnnkit" is cnnkit's rows (its registry variants, forced, and
// its plain calls); the other names are the competitor engines of engines/engine_registry.hpp.
#pragma once

#include <string>
#include <vector>

#include "engines/engine_registry.hpp"

namespace cnnkit::bench {

// One engine as the report describes it (available or not, chosen or not).
struct EngineInfo {
  std::string name;
  bool available = false;
  bool selected = false;
  std::string description;  // the engine's description, or why it is unavailable
};

struct EngineSelection {
  bool cnnkit = true;             // time cnnkit's rows (the reference runs anyway, as the oracle)
  std::vector<Engine*> engines;   // the chosen engines, available ones only, in registry order
  std::vector<EngineInfo> known;  // every known engine, for the report
};

// `names` is --engines (empty: cnnkit and every available engine). Throws UsageError on an unknown
// name, or on a name whose engine is unavailable (with the reason). `known` must outlive the result.
EngineSelection select_engines(const std::vector<std::string>& names, const std::vector<EngineEntry>& known);

// "onednn, xnnpack" or "none": the names --engines accepts besides "cnnkit".
std::string engine_names(const std::vector<EngineEntry>& known);

}  // namespace cnnkit::bench

#include "compare/engine_selection.hpp"

#include <algorithm>

#include "common/list_parsing.hpp"
#include "compare/options.hpp"

namespace cnnkit::bench {

std::string engine_names(const std::vector<EngineEntry>& known) {
  std::vector<std::string> names;
  for (const auto& e : known) names.push_back(e.name);
  return names.empty() ? "none" : join(names, ", ");
}

EngineSelection select_engines(const std::vector<std::string>& names, const std::vector<EngineEntry>& known) {
  const auto named = [&](const std::string& n) { return std::find(names.begin(), names.end(), n) != names.end(); };
  for (const auto& n : names) {
    const bool exists =
        n == "cnnkit" || std::any_of(known.begin(), known.end(), [&](const EngineEntry& e) { return e.name == n; });
    if (!exists) throw UsageError("--engines: unknown engine '" + n + "'; engines are cnnkit, " + engine_names(known));
  }
  EngineSelection s;
  s.cnnkit = names.empty() || named("cnnkit");
  for (const auto& e : known) {
    EngineInfo info{e.name, e.engine != nullptr, false, e.engine ? e.engine->description() : e.unavailable_reason};
    const bool wanted = names.empty() || named(e.name);
    if (wanted && !e.engine && !names.empty())
      throw UsageError("--engines: " + e.name + " is unavailable: " + e.unavailable_reason);
    if (e.engine && wanted) {
      s.engines.push_back(e.engine.get());
      info.selected = true;
    }
    s.known.push_back(info);
  }
  return s;
}

}  // namespace cnnkit::bench

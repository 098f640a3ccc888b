#include "engines/engine_registry.hpp"

#include <exception>
#include <functional>

namespace cnnkit::bench {

#ifdef CNNKIT_BENCH_HAVE_ONEDNN
std::unique_ptr<Engine> make_onednn_engine(std::optional<Isa> max_isa);  // onednn_engine.cpp
#endif
#ifdef CNNKIT_BENCH_HAVE_XNNPACK
std::unique_ptr<Engine> make_xnnpack_engine(std::optional<Isa> max_isa);  // xnnpack_engine.cpp
#endif

namespace {

// A factory that throws leaves the engine unavailable with its message (e.g. XNNPACK rejecting
// this CPU), so the rest of the tool still runs.
[[maybe_unused]] EngineEntry start(const std::string& name, const std::function<std::unique_ptr<Engine>()>& make) {
  try {
    return {name, make(), {}};
  } catch (const std::exception& e) {
    return {name, nullptr, std::string("does not start here: ") + e.what()};
  }
}

[[maybe_unused]] EngineEntry not_built(const std::string& name, const std::string& packages) {
#ifdef CNNKIT_BENCH_ENGINES_LEFT_OUT
  (void)packages;
  return {name, nullptr, std::string("not built in: engines are left out of ") + CNNKIT_BENCH_ENGINES_LEFT_OUT};
#else
  return {name, nullptr, "not built in: " + packages + " not found when CMake configured cnnkit"};
#endif
}

}  // namespace

std::vector<EngineEntry> known_engines(std::optional<Isa> max_isa) {
  [[maybe_unused]] const std::optional<Isa>& cap = max_isa;
  std::vector<EngineEntry> engines;
#ifdef CNNKIT_BENCH_HAVE_ONEDNN
  engines.push_back(start("onednn", [&] { return make_onednn_engine(max_isa); }));
#else
  engines.push_back(not_built("onednn", "libdnnl-dev (oneDNN 2.x)"));
#endif
#ifdef CNNKIT_BENCH_HAVE_XNNPACK
  engines.push_back(start("xnnpack", [&] { return make_xnnpack_engine(max_isa); }));
#else
  engines.push_back(not_built("xnnpack", "libxnnpack-dev and libpthreadpool-dev"));
#endif
  return engines;
}

}  // namespace cnnkit::bench

#include "core/environment.hpp"

#include <charconv>
#include <cstdlib>
#include <string>
#include <string_view>

#include "cnnkit/error.hpp"

namespace cnnkit::core {
namespace {

[[noreturn]] void bad_variable(const char* name, std::string_view value, const std::string& expected) {
  throw Error(Status::invalid_argument, std::string("environment variable ") + name + "='" +
                                            std::string(value) + "': expected " + expected);
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// "op=variant,op=variant" or "variant,variant" (op = the part of the name before the first '.').
void apply_forced_variants(Context& ctx, std::string_view spec) {
  while (!spec.empty()) {
    const std::size_t comma = spec.find(',');
    const std::string_view item = trim(spec.substr(0, comma));
    spec = comma == std::string_view::npos ? std::string_view() : spec.substr(comma + 1);
    if (item.empty()) continue;
    const std::size_t eq = item.find('=');
    const std::string_view variant = trim(eq == std::string_view::npos ? item : item.substr(eq + 1));
    const std::string_view op =
        eq == std::string_view::npos ? variant.substr(0, variant.find('.')) : trim(item.substr(0, eq));
    try {
      ctx.force_variant(op, variant);
    } catch (const Error& e) {
      bad_variable("CNNKIT_VARIANT", item, std::string("op=variant pairs; ") + e.what());
    }
  }
}

}  // namespace

Context context_from_environment(Context base, const char* (*get)(const char* name)) {
  if (const char* v = get("CNNKIT_MAX_ISA"); v && *v) {
    const auto isa = parse_isa(v);
    if (!isa) bad_variable("CNNKIT_MAX_ISA", v, "one of scalar, sse4_2, avx2_fma, avx512");
    base.set_max_isa(*isa);
  }
  if (const char* v = get("CNNKIT_VARIANT"); v && *v) apply_forced_variants(base, v);
  if (const char* v = get("CNNKIT_THREADING"); v && *v) {
    const auto policy = parse_threading_policy(v);
    if (!policy) bad_variable("CNNKIT_THREADING", v, "one of auto, serial, openmp, tbb");
    base.set_threading(*policy);
  }
  if (const char* v = get("CNNKIT_NUM_THREADS"); v && *v) {
    const std::string_view s(v);
    int n = -1;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    if (ec != std::errc() || end != s.data() + s.size() || n < 0)
      bad_variable("CNNKIT_NUM_THREADS", v, "a thread count >= 0 (0 = the runtime's default)");
    base.set_num_threads(n);
  }
  if (const char* v = get("CNNKIT_VERBOSE"); v && *v) {
    const std::string_view s(v);
    if (s == "1" || s == "true" || s == "on")
      base.set_verbose(true);
    else if (s == "0" || s == "false" || s == "off")
      base.set_verbose(false);
    else
      bad_variable("CNNKIT_VERBOSE", v, "0 or 1");
  }
  if (const char* v = get("CNNKIT_TUNE"); v && *v) {
    const auto tuning = parse_tuning(v);
    if (!tuning) bad_variable("CNNKIT_TUNE", v, "off or measure");
    base.set_tuning(*tuning);
  }
  // Read by the late-thread governor itself (process-wide, late_thread_governor.hpp); checked
  // here so a misspelt value is an error rather than silently the default.
  if (const char* v = get("CNNKIT_LATE_THREADS"); v && *v) {
    const std::string_view s(v);
    if (s != "shrink" && s != "wait") bad_variable("CNNKIT_LATE_THREADS", v, "shrink (the default) or wait");
  }
  return base;
}

Context context_from_environment(Context base) {
  return context_from_environment(std::move(base), [](const char* name) -> const char* { return std::getenv(name); });
}

}  // namespace cnnkit::core

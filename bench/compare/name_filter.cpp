#include "compare/name_filter.hpp"

#include <regex>

#include "compare/options.hpp"

namespace cnnkit::bench {

std::function<bool(const std::string&)> name_filter(const std::vector<std::string>& patterns, const std::string& flag) {
  if (patterns.empty()) return {};
  std::vector<std::regex> compiled;
  for (const auto& p : patterns) {
    try {
      compiled.emplace_back(p);
    } catch (const std::regex_error&) {
      throw UsageError(flag + ": '" + p + "' is not a valid regular expression");
    }
  }
  return [compiled](const std::string& name) {
    for (const auto& r : compiled)
      if (std::regex_search(name, r)) return true;
    return false;
  };
}

}  // namespace cnnkit::bench

// --ops / --variants: a name is kept when any of the patterns (ECMAScript regexes, so a plain
// substring works too) is found in it.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace cnnkit::bench {

// An empty function (keep everything) when there are no patterns. Throws UsageError on a bad
// regex, naming `flag`.
std::function<bool(const std::string&)> name_filter(const std::vector<std::string>& patterns, const std::string& flag);

}  // namespace cnnkit::bench

// Comma-separated command-line lists, shared by both tools.
#pragma once

#include <string>
#include <vector>

namespace cnnkit::bench {

// "a,b,,c" -> {"a", "b", "c"} (empty items dropped).
std::vector<std::string> split_list(const std::string& text);

// {"a", "b"} -> "a<sep>b".
std::string join(const std::vector<std::string>& items, const std::string& separator);

// "1,2" -> {1, 2}; each >= 1. Throws std::invalid_argument naming `flag`.
std::vector<int> parse_thread_counts(const std::string& text, const std::string& flag);

}  // namespace cnnkit::bench

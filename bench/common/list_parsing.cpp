#include "common/list_parsing.hpp"

#include <charconv>
#include <sstream>
#include <stdexcept>

namespace cnnkit::bench {

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> items;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');)
    if (!item.empty()) items.push_back(item);
  return items;
}

std::string join(const std::vector<std::string>& items, const std::string& separator) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += separator;
    out += items[i];
  }
  return out;
}

std::vector<int> parse_thread_counts(const std::string& text, const std::string& flag) {
  std::vector<int> counts;
  for (const auto& item : split_list(text)) {
    int n = 0;
    const auto [ptr, ec] = std::from_chars(item.data(), item.data() + item.size(), n);
    if (ec != std::errc() || ptr != item.data() + item.size() || n < 1 || n > 1024)
      throw std::invalid_argument(flag + ": expected thread counts >= 1 such as 1,2, got '" + text + "'");
    counts.push_back(n);
  }
  if (counts.empty()) throw std::invalid_argument(flag + ": expected at least one thread count, got '" + text + "'");
  return counts;
}

}  // namespace cnnkit::bench

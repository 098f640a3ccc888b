#include "compare/text_table.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace cnnkit::bench {

std::string TextTable::render() const {
  std::vector<std::size_t> width(columns_.size());
  for (std::size_t c = 0; c < columns_.size(); ++c) width[c] = columns_[c].header.size();
  for (const auto& row : rows_) {
    const bool spans = row.size() < columns_.size();
    for (std::size_t c = 0; c < row.size(); ++c)
      if (!(spans && c + 1 == row.size())) width[c] = std::max(width[c], row[c].size());
  }
  auto line = [&](const std::vector<std::string>& cells) {
    std::string out;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      const bool last = c + 1 == cells.size();
      const bool spans = last && cells.size() < columns_.size();
      const std::size_t pad = spans || cells[c].size() >= width[c] ? 0 : width[c] - cells[c].size();
      if (c) out += "  ";
      if (columns_[c].right_aligned && !spans) out += std::string(pad, ' ');
      out += cells[c];
      if (!columns_[c].right_aligned && !last) out += std::string(pad, ' ');
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out + "\n";
  };
  std::vector<std::string> headers;
  for (const auto& col : columns_) headers.push_back(col.header);
  std::string out = line(headers);
  for (const auto& row : rows_) out += line(row);
  return out;
}

std::string format_seconds(double s) {
  if (std::isnan(s)) return "-";
  const char* unit = "s";
  double v = s;
  if (s < 1e-6) {
    v = s * 1e9;
    unit = "ns";
  } else if (s < 1e-3) {
    v = s * 1e6;
    unit = "us";
  } else if (s < 1) {
    v = s * 1e3;
    unit = "ms";
  }
  const int decimals = v >= 100 ? 1 : v >= 10 ? 2 : 3;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f %s", unit[0] == 'n' ? 0 : decimals, v, unit);
  return buf;
}

std::string format_fixed(double v, int decimals) {
  if (std::isnan(v)) return "-";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

}  // namespace cnnkit::bench

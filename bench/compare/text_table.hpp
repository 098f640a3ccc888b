// A plain-text table with columns sized to their contents. A row with fewer cells than columns
// lets its last cell run on across the remaining columns (used for "skipped: <reason>").
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace cnnkit::bench {

class TextTable {
 public:
  struct Column {
    std::string header;
    bool right_aligned;
  };
  explicit TextTable(std::vector<Column> columns) : columns_(std::move(columns)) {}

  void add_row(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }
  std::string render() const;

 private:
  std::vector<Column> columns_;
  std::vector<std::vector<std::string>> rows_;
};

// "812 ns", "12.34 us", "3.456 ms", "2.345 s": four significant digits.
std::string format_seconds(double s);
// Fixed-point with `decimals` digits; "-" for NaN.
std::string format_fixed(double v, int decimals);

}  // namespace cnnkit::bench

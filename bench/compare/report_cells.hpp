// Cells and phrases shared by the op tables and the scoreboard (compare/table_report.hpp).
#pragma once

#include <string>

#include "compare/scoreboard.hpp"

namespace cnnkit::bench {

// "0.0123x", "1.05x", "213x": three significant digits; "-" for NaN.
std::string format_ratio(double ratio);

// A rate with 2 decimals below 10, else 1: "2.00", "213.4"; "-" for NaN.
std::string rate_cell(double rate);

// "skipped" from "skipped: <reason>": the short form of why a row did not count.
std::string status_word(const std::string& note);

// "geomean 1.03x, worst 1.31x (signs_conv1), 2 of 12 shapes above 1.05", or "n/a (no forced row
// counted)"; shapes without a regret are named as such.
std::string regret_text(const RegretSummary& s);

}  // namespace cnnkit::bench

// The pieces every machine-readable report of cnnkit-bench writes with: JSON strings and numbers,
// CSV fields, and an output file that says when it cannot be written.
#pragma once

#include <fstream>
#include <string>

namespace cnnkit::bench {

// "text" with quotes, backslashes and control characters escaped.
std::string json_string(const std::string& s);
// %.6g, or null for NaN and infinities.
std::string json_number(double v);
// s, quoted (with doubled quotes) when it holds a comma, a quote or a newline.
std::string csv_field(const std::string& s);
// Throws std::runtime_error when `path` cannot be written.
std::ofstream open_for_writing(const std::string& path);

}  // namespace cnnkit::bench

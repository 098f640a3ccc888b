// The pieces every machine-readable report of cnnkit-bench writes with: JSON documents (built with
// nlohmann-json, keys in insertion order), CSV fields, and an output file that says when it cannot
// be written.
#pragma once

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

namespace cnnkit::bench {

using Json = nlohmann::ordered_json;

// v, or null for NaN and infinities (a measurement that did not happen).
Json json_number(double v);
// Writes `doc` to `path`, indented, with a final newline; throws std::runtime_error when `path`
// cannot be written.
void write_json_file(const std::string& path, const Json& doc);

// %.6g, or empty for NaN and infinities.
std::string csv_number(double v);
// s, quoted (with doubled quotes) when it holds a comma, a quote or a newline.
std::string csv_field(const std::string& s);
// Throws std::runtime_error when `path` cannot be written.
std::ofstream open_for_writing(const std::string& path);

}  // namespace cnnkit::bench

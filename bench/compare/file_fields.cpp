#include "compare/file_fields.hpp"

#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace cnnkit::bench {

Json json_number(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }

void write_json_file(const std::string& path, const Json& doc) {
  // Names and notes come from shape files and engines' messages: replace invalid UTF-8 rather
  // than lose the whole file to an exception.
  open_for_writing(path) << doc.dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
}

std::string csv_number(double v) {
  if (!std::isfinite(v)) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::ofstream open_for_writing(const std::string& path) {
  std::ofstream out(path);
  if (!out) throw std::runtime_error("cannot write '" + path + "'");
  return out;
}

}  // namespace cnnkit::bench

#include "support/fixture.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace cnnkit::test {
namespace {

namespace fs = std::filesystem;

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw FixtureError(path + ": cannot open");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string trim(const std::string& s) {
  const auto is_space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  std::size_t b = 0, e = s.size();
  while (b < e && is_space(s[b])) ++b;
  while (e > b && is_space(s[e - 1])) --e;
  return s.substr(b, e - b);
}

// Splits "first rest of line" at the first run of blanks; `rest` is trimmed (may be empty).
void split_first(const std::string& line, std::string& first, std::string& rest) {
  const std::size_t end = line.find_first_of(" \t");
  first = line.substr(0, end);
  rest = end == std::string::npos ? "" : trim(line.substr(end));
}

bool is_identifier(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
  });
}

std::string location(const std::string& source, int line) { return source + ":" + std::to_string(line); }

}  // namespace

std::vector<ManifestEntry> read_manifest(const std::string& set_dir) {
  const std::string path = set_dir + "/MANIFEST.txt";
  std::istringstream in(read_text(path));
  std::vector<ManifestEntry> entries;
  std::set<std::string> seen;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    line = trim(line);
    if (line.empty()) continue;
    ManifestEntry e;
    std::string rest;
    split_first(line, e.name, rest);
    split_first(rest, e.op, e.description);
    if (!is_identifier(e.name) || !is_identifier(e.op))
      throw FixtureError(location(path, number) + ": expected '<case-name> <op> <description>', got '" + line + "'");
    if (!seen.insert(e.name).second) throw FixtureError(location(path, number) + ": case '" + e.name + "' listed twice");
    entries.push_back(std::move(e));
  }
  if (entries.empty()) throw FixtureError(path + ": lists no cases");
  return entries;
}

std::vector<std::string> case_directories(const std::string& set_dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(set_dir, ec))
    if (entry.is_directory()) names.push_back(entry.path().filename().string());
  if (ec) throw FixtureError(set_dir + ": cannot list the folder: " + ec.message());
  std::sort(names.begin(), names.end());
  return names;
}

std::map<std::string, std::string> parse_params(const std::string& text, const std::string& source) {
  std::istringstream in(text);
  std::map<std::string, std::string> params;
  std::string line;
  bool first = true;
  for (int number = 1; std::getline(in, line); ++number) {
    line = trim(line);
    if (line.empty()) continue;
    std::string key, value;
    split_first(line, key, value);
    if (!is_identifier(key) || value.empty())
      throw FixtureError(location(source, number) + ": expected 'key value', got '" + line + "'");
    if (first && key != "op")
      throw FixtureError(location(source, number) + ": the first line must be 'op <op>', got '" + line + "'");
    first = false;
    if (!params.emplace(key, value).second)
      throw FixtureError(location(source, number) + ": key '" + key + "' given twice");
  }
  if (first) throw FixtureError(source + ": empty (expected 'op <op>' on the first line)");
  return params;
}

FixtureCase FixtureCase::load(const std::string& set_dir, const std::string& name, const std::string& expected_op) {
  FixtureCase c;
  c.name_ = name;
  c.dir_ = set_dir + "/" + name;
  if (!fs::is_directory(c.dir_)) throw FixtureError(c.dir_ + ": case folder not found");
  const std::string params_path = c.dir_ + "/params.txt";
  c.params_ = parse_params(read_text(params_path), params_path);
  c.op_ = c.params_.at("op");
  if (!expected_op.empty() && c.op_ != expected_op)
    throw FixtureError(params_path + ": op '" + c.op_ + "' differs from the manifest's '" + expected_op + "'");
  for (const auto& entry : fs::directory_iterator(c.dir_))
    if (entry.is_regular_file() && entry.path().extension() == ".npy")
      c.arrays_.push_back(entry.path().stem().string());
  std::sort(c.arrays_.begin(), c.arrays_.end());
  return c;
}

void FixtureCase::fail(const std::string& what) const { throw FixtureError(dir_ + "/params.txt: " + what); }

const std::string& FixtureCase::param(const std::string& key) const {
  const auto it = params_.find(key);
  if (it == params_.end()) fail("missing key '" + key + "'");
  return it->second;
}

std::int64_t FixtureCase::int_param(const std::string& key) const {
  const std::string& text = param(key);
  std::int64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size())
    fail("key '" + key + "': expected an integer, got '" + text + "'");
  return v;
}

std::int64_t FixtureCase::int_param_or(const std::string& key, std::int64_t fallback) const {
  return has_param(key) ? int_param(key) : fallback;
}

double FixtureCase::double_param(const std::string& key) const {
  const std::string& text = param(key);
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size())
    fail("key '" + key + "': expected a number, got '" + text + "'");
  return v;
}

double FixtureCase::double_param_or(const std::string& key, double fallback) const {
  return has_param(key) ? double_param(key) : fallback;
}

bool FixtureCase::bool_param_or(const std::string& key, bool fallback) const {
  if (!has_param(key)) return fallback;
  const std::int64_t v = int_param(key);
  if (v != 0 && v != 1) fail("key '" + key + "': expected 0 or 1, got '" + param(key) + "'");
  return v == 1;
}

bool FixtureCase::has_array(const std::string& array) const {
  return std::binary_search(arrays_.begin(), arrays_.end(), array);
}

NpyArray FixtureCase::array(const std::string& array) const {
  if (!has_array(array)) throw FixtureError(dir_ + ": missing " + array + ".npy");
  read_.insert(array);
  return read_npy(dir_ + "/" + array + ".npy");
}

std::vector<std::string> FixtureCase::unread_arrays() const {
  std::vector<std::string> unread;
  for (const std::string& a : arrays_)
    if (!read_.count(a)) unread.push_back(a);
  return unread;
}

std::string FixtureCase::note() const {
  const std::string path = dir_ + "/NOTE.txt";
  return fs::exists(path) ? read_text(path) : std::string();
}

}  // namespace cnnkit::test

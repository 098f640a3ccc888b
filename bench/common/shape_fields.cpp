#include "common/shape_fields.hpp"

#include <charconv>
#include <sstream>

namespace cnnkit::bench {
namespace {

bool parse_int(const std::string& s, std::int64_t& out) {
  const char* end = s.data() + s.size();
  auto [ptr, ec] = std::from_chars(s.data(), end, out);
  return ec == std::errc() && ptr == end;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> parts;
  std::string::size_type start = 0;
  while (true) {
    const auto pos = s.find(sep, start);
    parts.push_back(s.substr(start, pos == std::string::npos ? std::string::npos : pos - start));
    if (pos == std::string::npos) return parts;
    start = pos + 1;
  }
}

}  // namespace

ShapeFields::ShapeFields(std::string source, std::vector<std::pair<std::string, std::string>> fields)
    : source_(std::move(source)), fields_(std::move(fields)), used_(fields_.size(), false) {
  for (std::size_t i = 0; i < fields_.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (fields_[i].first == fields_[j].first) fail("key '" + fields_[i].first + "' appears twice");
}

const std::string* ShapeFields::find(const std::string& key) {
  for (std::size_t i = 0; i < fields_.size(); ++i)
    if (fields_[i].first == key) {
      used_[i] = true;
      return &fields_[i].second;
    }
  return nullptr;
}

void ShapeFields::fail(const std::string& key, const std::string& expected, const std::string& got) const {
  fail("key '" + key + "': expected " + expected + ", got '" + got + "'");
}

void ShapeFields::fail(const std::string& message) const { throw ShapeError(source_ + ": " + message); }

std::string ShapeFields::text(const std::string& key) {
  const std::string* v = find(key);
  if (!v) fail("missing key '" + key + "'");
  return *v;
}

std::string ShapeFields::text_or(const std::string& key, const std::string& fallback) {
  const std::string* v = find(key);
  return v ? *v : fallback;
}

std::int64_t ShapeFields::positive(const std::string& key) {
  const std::string value = text(key);
  std::int64_t out = 0;
  if (!parse_int(value, out) || out < 1) fail(key, "an integer >= 1", value);
  return out;
}

std::int64_t ShapeFields::positive_or(const std::string& key, std::int64_t fallback) {
  return find(key) ? positive(key) : fallback;
}

std::int64_t ShapeFields::non_negative_or(const std::string& key, std::int64_t fallback) {
  const std::string* v = find(key);
  if (!v) return fallback;
  std::int64_t out = 0;
  if (!parse_int(*v, out) || out < 0) fail(key, "an integer >= 0", *v);
  return out;
}

double ShapeFields::real_or(const std::string& key, double fallback) {
  const std::string* v = find(key);
  if (!v) return fallback;
  double out = 0;
  const char* end = v->data() + v->size();
  auto [ptr, ec] = std::from_chars(v->data(), end, out);
  if (ec != std::errc() || ptr != end) fail(key, "a number", *v);
  return out;
}

bool ShapeFields::flag_or(const std::string& key, bool fallback) {
  const std::string* v = find(key);
  if (!v) return fallback;
  if (*v == "0") return false;
  if (*v == "1") return true;
  fail(key, "0 or 1", *v);
}

std::pair<std::int64_t, std::int64_t> ShapeFields::size2(const std::string& key) {
  const std::string value = text(key);
  const auto parts = split(value, 'x');
  std::int64_t a = 0, b = 0;
  if (parts.size() == 1 && parse_int(parts[0], a) && a >= 1) return {a, a};
  if (parts.size() == 2 && parse_int(parts[0], a) && parse_int(parts[1], b) && a >= 1 && b >= 1) return {a, b};
  fail(key, "N or HxW with integers >= 1", value);
}

std::pair<std::int64_t, std::int64_t> ShapeFields::size2_or(const std::string& key,
                                                            std::pair<std::int64_t, std::int64_t> fallback) {
  return find(key) ? size2(key) : fallback;
}

PadSpec ShapeFields::padding_or(const std::string& key, PadSpec fallback) {
  const std::string* v = find(key);
  if (!v) return fallback;
  const std::string value = *v;
  if (value == "same") return PadSpec{true, {}};
  if (value == "valid") return PadSpec{false, {}};
  const char* expected = "same, valid, P, PHxPW or top,bottom,left,right (integers >= 0)";
  std::vector<std::int64_t> n;
  const auto parts = value.find(',') != std::string::npos ? split(value, ',') : split(value, 'x');
  for (const auto& p : parts) {
    std::int64_t x = 0;
    if (!parse_int(p, x) || x < 0) fail(key, expected, value);
    n.push_back(x);
  }
  const bool commas = value.find(',') != std::string::npos;
  if (!commas && n.size() == 1) return PadSpec{false, Padding::symmetric(n[0])};
  if (!commas && n.size() == 2) return PadSpec{false, Padding{n[0], n[0], n[1], n[1]}};
  if (commas && n.size() == 4) return PadSpec{false, Padding{n[0], n[1], n[2], n[3]}};
  fail(key, expected, value);
}

void ShapeFields::finish(const std::string& kind) const {
  for (std::size_t i = 0; i < fields_.size(); ++i)
    if (!used_[i]) fail("unknown key '" + fields_[i].first + "' for a " + kind + " line (see bench/README.md)");
}

}  // namespace cnnkit::bench

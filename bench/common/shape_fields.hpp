// The key=value fields of one shape-file line, read with typed accessors. Every error names the
// line ("resnet50.txt:4"), the key, what was expected and what was found; finish() rejects keys
// nobody asked for, so a typo never silently falls back to a default.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "cnnkit/params.hpp"

namespace cnnkit::bench {

// A malformed shape file, a bad shape selector or impossible geometry.
class ShapeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A padding field before the geometry resolves it: explicit sides, or TensorFlow SAME.
struct PadSpec {
  bool same = false;
  Padding sides{};
};

class ShapeFields {
 public:
  ShapeFields(std::string source, std::vector<std::pair<std::string, std::string>> fields);

  const std::string& source() const { return source_; }

  std::string text(const std::string& key);  // required
  std::string text_or(const std::string& key, const std::string& fallback);
  std::int64_t positive(const std::string& key);  // required, >= 1
  std::int64_t positive_or(const std::string& key, std::int64_t fallback);
  std::int64_t non_negative_or(const std::string& key, std::int64_t fallback);
  double real_or(const std::string& key, double fallback);
  bool flag_or(const std::string& key, bool fallback);  // 0 or 1
  // "3x3" or "3" (both sides); each >= 1.
  std::pair<std::int64_t, std::int64_t> size2(const std::string& key);
  std::pair<std::int64_t, std::int64_t> size2_or(const std::string& key,
                                                 std::pair<std::int64_t, std::int64_t> fallback);
  // "same", "valid", "P" (all sides), "PHxPW" (top=bottom=PH, left=right=PW) or "t,b,l,r".
  PadSpec padding_or(const std::string& key, PadSpec fallback);

  // Throws if a field was never read (an unknown key for this kind of line).
  void finish(const std::string& kind) const;

  [[noreturn]] void fail(const std::string& key, const std::string& expected, const std::string& got) const;
  [[noreturn]] void fail(const std::string& message) const;

 private:
  const std::string* find(const std::string& key);

  std::string source_;
  std::vector<std::pair<std::string, std::string>> fields_;
  std::vector<bool> used_;
};

}  // namespace cnnkit::bench

// The golden-case layout of tests/data/fixtures/README.md:
//   <set>/MANIFEST.txt       one line per case: <case-name> <op> <one-line description>
//   <set>/<case>/params.txt  one `key value` per line, the first line `op <op>`
//   <set>/<case>/*.npy       inputs and expected outputs (see npy.hpp)
//   <set>/<case>/NOTE.txt    optional free text
// Every malformed file gives a FixtureError naming the file (and line) and what is wrong.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/npy.hpp"

namespace cnnkit::test {

class FixtureError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ManifestEntry {
  std::string name;  // the case folder
  std::string op;
  std::string description;
};

// Parses <set_dir>/MANIFEST.txt. Blank lines are skipped; case names must be unique.
std::vector<ManifestEntry> read_manifest(const std::string& set_dir);

// The sub-folders of a set (each a case), sorted; used to check the manifest lists them all.
std::vector<std::string> case_directories(const std::string& set_dir);

// Parses the text of a params.txt; `source` names it in error messages.
std::map<std::string, std::string> parse_params(const std::string& text, const std::string& source);

class FixtureCase {
 public:
  // Loads <set_dir>/<name>: parses params.txt (whose op must equal `expected_op` unless that is
  // empty) and lists the .npy files. Arrays are read on demand.
  static FixtureCase load(const std::string& set_dir, const std::string& name, const std::string& expected_op = "");

  const std::string& name() const { return name_; }
  const std::string& op() const { return op_; }
  const std::string& dir() const { return dir_; }

  bool has_param(const std::string& key) const { return params_.count(key) != 0; }
  const std::string& param(const std::string& key) const;  // throws if absent
  std::int64_t int_param(const std::string& key) const;     // a whole decimal number
  std::int64_t int_param_or(const std::string& key, std::int64_t fallback) const;
  double double_param(const std::string& key) const;
  double double_param_or(const std::string& key, double fallback) const;
  bool bool_param_or(const std::string& key, bool fallback) const;  // 0 or 1
  // The reduction length K of an output (`reduce_<output>`), for the float64 tolerance.
  std::int64_t reduce(const std::string& output) const { return int_param("reduce_" + output); }
  const std::map<std::string, std::string>& params() const { return params_; }

  bool has_array(const std::string& array) const;
  const std::vector<std::string>& arrays() const { return arrays_; }  // names without .npy, sorted
  NpyArray array(const std::string& array) const;                    // throws if absent or malformed
  std::string note() const;                                          // NOTE.txt, or "" if none
  // The arrays array() has not been asked for yet: a runner checks that every stored input and
  // expected output of a case was used.
  std::vector<std::string> unread_arrays() const;

 private:
  [[noreturn]] void fail(const std::string& what) const;

  std::string name_, op_, dir_;
  std::map<std::string, std::string> params_;
  std::vector<std::string> arrays_;
  mutable std::set<std::string> read_;
};

}  // namespace cnnkit::test

// The vocabulary of the equivalence driver: the buffers of one call (Instance), how an output is
// compared (Tolerance), and what the driver found about one variant on one problem (VariantResult).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace cnnkit::test::equiv {

// How a buffer takes part in a call. Inputs must come back bit-for-bit unchanged; outputs start
// as poison (so an element the variant never writes is caught); in_out buffers start with data.
enum class Role { input, output, in_out };

template <class T>
struct Arg {
  std::string name;
  Role role = Role::input;
  std::vector<T> init;             // contents before the call (for an output only its size counts)
  std::vector<std::int64_t> dims;  // row-major shape, to name an element in messages
  std::string dim_names;           // one letter per dimension, e.g. "nhwc"
};

// One concrete problem with data: the buffers in the order the op harness's call() takes them.
template <class T>
struct Instance {
  std::vector<Arg<T>> args;
  std::vector<std::int64_t> labels;  // class-index labels (softmax), a guarded input; empty if unused
  // Integer arguments besides labels (pool indices, a bad-position report), each guarded like the
  // real ones: inputs must come back unchanged, outputs start as poison and are compared exactly.
  // Harnesses with any pass them to call_ints() (see equivalence_driver.hpp).
  std::vector<Arg<std::int32_t>> i32;
  std::vector<Arg<std::int64_t>> i64;
  bool misaligned = false;           // every buffer starts at an element- but not 16-byte-aligned address
};

// How one output (or in_out) buffer is compared with the reference's.
struct Tolerance {
  bool exact = true;        // exactly_equal() element by element (see support/value_compare.hpp)
  std::vector<double> abs;  // otherwise the allowed |difference| per element
  std::string rule;         // how the allowance was derived, for failure messages
  bool bitwise = false;     // identical bits instead: NaN payload and sign, and the sign of zero, count too

  static Tolerance bits() {
    Tolerance t;
    t.bitwise = true;
    t.rule = "identical bits (NaN payloads and signed zeros included)";
    return t;
  }
};

// What the driver found. Failures are collected, not asserted, so a test can check that a
// planted bad variant is reported for the right reason.
struct VariantResult {
  enum class Outcome { passed, failed, skipped };
  Outcome outcome = Outcome::passed;
  std::string variant;
  std::string skip_reason;            // when skipped: why (ISA above the CPU, declines the problem)
  std::vector<std::string> failures;  // one message per finding, reference values included
  std::vector<std::string> notes;     // e.g. thread counts a threaded variant declined
  std::vector<int> thread_counts;     // the thread counts a threaded variant ran with

  bool wrong_values = false;      // an output differs from the reference beyond its tolerance
  bool unwritten = false;         // an output element kept the poison the buffer started with
  bool guard_damaged = false;     // a write before or after an output or input buffer
  bool input_modified = false;    // a write into an input buffer
  bool thread_dependent = false;  // a threaded variant's bits change with the thread count
  bool reference_failed = false;  // the reference itself misbehaved (the comparison is void)

  bool passed() const { return outcome == Outcome::passed; }
  bool failed() const { return outcome == Outcome::failed; }
  bool skipped() const { return outcome == Outcome::skipped; }
  std::string summary() const;  // all failures (or the skip reason), one per line
};

inline std::string VariantResult::summary() const {
  std::string s = variant + (outcome == Outcome::passed ? ": passed" : outcome == Outcome::failed ? ": FAILED" : ": skipped");
  if (outcome == Outcome::skipped) s += " (" + skip_reason + ")";
  for (const auto& f : failures) s += "\n  " + f;
  for (const auto& n : notes) s += "\n  note: " + n;
  return s;
}

}  // namespace cnnkit::test::equiv

// Argument validation shared by every entry point. A check that fails throws
// Error(invalid_argument, "<function>: argument '<name>': expected <what>, got <what>") before any
// output is written.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "cnnkit/error.hpp"
#include "cnnkit/params.hpp"
#include "cnnkit/tensor.hpp"

namespace cnnkit::api {

class ArgCheck {
 public:
  explicit ArgCheck(const char* function) : function_(function) {}

  [[noreturn]] void fail(const std::string& argument, const std::string& expected,
                         const std::string& got) const;
  // A failure that is not about one argument's value alone (e.g. geometry).
  [[noreturn]] void fail(const std::string& message) const;

  void not_null(const void* p, const char* argument) const;
  void positive(std::int64_t v, const char* argument) const;
  void non_negative(std::int64_t v, const char* argument) const;

  // All dims > 0 and the element count fits in memory for elements of `element_size` bytes.
  // Returns the element count.
  std::int64_t elements(const NhwcShape& s, const char* argument, std::size_t element_size) const;
  std::int64_t elements(const HwioShape& s, const char* argument, std::size_t element_size) const;
  std::int64_t elements(std::int64_t rows, std::int64_t cols, const char* argument,
                        std::size_t element_size) const;
  std::int64_t elements(std::int64_t size, const char* argument, std::size_t element_size) const;

  void same_shape(const NhwcShape& got, const NhwcShape& expected, const char* argument,
                  const char* expected_from) const;

  // Two buffers (base pointer, element count) must not share any byte. `b` may be null (absent).
  // Pass counts that were validated (or 0): a count <= 0 is an empty buffer, and a byte extent
  // past the address space saturates (the check can only get stricter, never wrap).
  void no_overlap(const void* a, std::int64_t a_count, const char* a_name, const void* b,
                  std::int64_t b_count, const char* b_name, std::size_t element_size) const;
  // Like no_overlap, but exact aliasing (same pointer, same extent) is allowed: in-place ops.
  void disjoint_or_same(const void* a, std::int64_t a_count, const char* a_name, const void* b,
                        std::int64_t b_count, const char* b_name, std::size_t element_size) const;

  void enum_value(int value, int count, const char* argument, const char* valid) const;

  const char* function() const { return function_; }

 private:
  const char* function_;
};

}  // namespace cnnkit::api

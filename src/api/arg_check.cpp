#include "api/arg_check.hpp"

#include <cstdint>
#include <limits>

#include "core/text.hpp"

namespace cnnkit::api {
namespace {

// Largest element count whose byte size fits in ptrdiff_t (so pointer arithmetic is defined).
std::int64_t max_elements(std::size_t element_size) {
  return std::numeric_limits<std::ptrdiff_t>::max() / static_cast<std::int64_t>(element_size);
}

std::uintptr_t address(const void* p) { return reinterpret_cast<std::uintptr_t>(p); }

// One past the last byte of `count` elements at p. Callers pass validated counts, whose byte size
// fits in ptrdiff_t; still, the end saturates instead of wrapping (a count that was not validated
// can then only make an overlap check stricter, never silently pass), and a count <= 0 is empty.
std::uintptr_t end_address(std::uintptr_t begin, std::int64_t count, std::size_t element_size) {
  if (count <= 0) return begin;
  std::uintptr_t bytes = 0, end = 0;
  if (__builtin_mul_overflow(static_cast<std::uintptr_t>(count), element_size, &bytes) ||
      __builtin_add_overflow(begin, bytes, &end))
    return std::numeric_limits<std::uintptr_t>::max();
  return end;
}

}  // namespace

void ArgCheck::fail(const std::string& argument, const std::string& expected, const std::string& got) const {
  throw Error(Status::invalid_argument,
              std::string(function_) + ": argument '" + argument + "': expected " + expected + ", got " + got);
}

void ArgCheck::fail(const std::string& message) const {
  throw Error(Status::invalid_argument, std::string(function_) + ": " + message);
}

void ArgCheck::not_null(const void* p, const char* argument) const {
  if (!p) fail(argument, "a non-null data pointer", "null");
}

void ArgCheck::positive(std::int64_t v, const char* argument) const {
  if (v <= 0) fail(argument, "a value >= 1", std::to_string(v));
}

void ArgCheck::non_negative(std::int64_t v, const char* argument) const {
  if (v < 0) fail(argument, "a value >= 0", std::to_string(v));
}

std::int64_t ArgCheck::elements(const NhwcShape& s, const char* argument, std::size_t element_size) const {
  if (s.n <= 0 || s.h <= 0 || s.w <= 0 || s.c <= 0)
    fail(argument, "a shape (n, h, w, c) with every dimension >= 1", core::str(s));
  std::int64_t count = 0;
  if (__builtin_mul_overflow(s.n, s.h, &count) || __builtin_mul_overflow(count, s.w, &count) ||
      __builtin_mul_overflow(count, s.c, &count) || count > max_elements(element_size))
    fail(argument, "a shape whose element count fits in memory", core::str(s));
  return count;
}

std::int64_t ArgCheck::elements(const HwioShape& s, const char* argument, std::size_t element_size) const {
  if (s.kh <= 0 || s.kw <= 0 || s.c_in_per_group <= 0 || s.c_out <= 0)
    fail(argument, "a shape (kh, kw, c_in/groups, c_out) with every dimension >= 1", core::str(s));
  std::int64_t count = 0;
  if (__builtin_mul_overflow(s.kh, s.kw, &count) || __builtin_mul_overflow(count, s.c_in_per_group, &count) ||
      __builtin_mul_overflow(count, s.c_out, &count) || count > max_elements(element_size))
    fail(argument, "a shape whose element count fits in memory", core::str(s));
  return count;
}

std::int64_t ArgCheck::elements(std::int64_t rows, std::int64_t cols, const char* argument,
                                std::size_t element_size) const {
  std::string got = "(";  // built piecewise: GCC 12 warns (-Wrestrict) falsely on a + chain here
  got += std::to_string(rows);
  got += ", ";
  got += std::to_string(cols);
  got += ")";
  if (rows <= 0 || cols <= 0) fail(argument, "a shape (rows, cols) with both dimensions >= 1", got);
  std::int64_t count = 0;
  if (__builtin_mul_overflow(rows, cols, &count) || count > max_elements(element_size))
    fail(argument, "a shape whose element count fits in memory", got);
  return count;
}

std::int64_t ArgCheck::elements(std::int64_t size, const char* argument, std::size_t element_size) const {
  if (size <= 0) fail(argument, "a size >= 1", std::to_string(size));
  if (size > max_elements(element_size)) fail(argument, "a size that fits in memory", std::to_string(size));
  return size;
}

void ArgCheck::same_shape(const NhwcShape& got, const NhwcShape& expected, const char* argument,
                          const char* expected_from) const {
  if (!(got == expected))
    fail(argument, "shape " + core::str(expected) + " (" + expected_from + ")", core::str(got));
}

void ArgCheck::no_overlap(const void* a, std::int64_t a_count, const char* a_name, const void* b,
                          std::int64_t b_count, const char* b_name, std::size_t element_size) const {
  if (!a || !b) return;
  const std::uintptr_t a0 = address(a), a1 = end_address(a0, a_count, element_size);
  const std::uintptr_t b0 = address(b), b1 = end_address(b0, b_count, element_size);
  if (a0 < b1 && b0 < a1)
    fail(a_name, std::string("memory that does not overlap '") + b_name + "'", "overlapping buffers");
}

void ArgCheck::disjoint_or_same(const void* a, std::int64_t a_count, const char* a_name, const void* b,
                                std::int64_t b_count, const char* b_name, std::size_t element_size) const {
  if (a == b && a_count == b_count) return;
  if (!a || !b) return;
  const std::uintptr_t a0 = address(a), a1 = end_address(a0, a_count, element_size);
  const std::uintptr_t b0 = address(b), b1 = end_address(b0, b_count, element_size);
  if (a0 < b1 && b0 < a1)
    fail(a_name, std::string("either exactly '") + b_name + "' (in place) or memory disjoint from it",
         "a partial overlap");
}

void ArgCheck::enum_value(int value, int count, const char* argument, const char* valid) const {
  if (value < 0 || value >= count) fail(argument, std::string("one of ") + valid, "value " + std::to_string(value));
}

}  // namespace cnnkit::api

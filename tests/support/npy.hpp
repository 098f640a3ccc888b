// A reader for NumPy .npy files, the format the golden fixtures are stored in (tests/data).
// It accepts exactly what the fixtures need and rejects everything else with an NpyError that
// names the file and the problem: format versions 1.0, 2.0 and 3.0; dtypes float64 and int64
// (either byte order); C order only; any rank, including 0-d arrays (scalars, one element).
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace cnnkit::test {

class NpyError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class NpyType { f64, i64 };

struct NpyArray {
  NpyType type = NpyType::f64;
  std::vector<std::int64_t> shape;  // empty for a 0-d array
  std::vector<double> f64;          // the elements in C order when type == f64
  std::vector<std::int64_t> i64;    // the elements in C order when type == i64

  // The element count: the product of the shape (1 for a 0-d array).
  std::int64_t size() const;
  // "(2, 3)", "(4,)" or "()" as NumPy prints it.
  std::string shape_string() const;
  // The elements as doubles. int64 values must be exactly representable (|v| <= 2^53).
  std::vector<double> to_f64() const;
};

// Parses the bytes of a whole .npy file; `source` names it in error messages.
NpyArray parse_npy(std::string_view bytes, const std::string& source);

// Reads and parses a .npy file.
NpyArray read_npy(const std::string& path);

}  // namespace cnnkit::test

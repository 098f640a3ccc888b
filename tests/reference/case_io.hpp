// Reading a fixture case's inputs in the precision under test and checking its outputs.
// Float inputs are the stored float64 values rounded to float (the README's float32 rule).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "cnnkit/tensor.hpp"
#include "reference/tolerance.hpp"
#include "support/fixture.hpp"

namespace cnnkit::test {

template <class T>
class CaseIo {
 public:
  explicit CaseIo(const FixtureCase& fixture) : c_(fixture) {}
  CaseIo(FixtureCase&&) = delete;  // it keeps a reference: the case must outlive it

  const FixtureCase& fixture() const { return c_; }

  // An input's elements converted to T.
  std::vector<T> input(const std::string& name) const {
    const std::vector<double> v = c_.array(name).to_f64();
    return std::vector<T>(v.begin(), v.end());
  }
  T scalar_input(const std::string& name) const {
    const NpyArray a = c_.array(name);
    if (a.size() != 1) bad_shape(name, a, "a single element");
    return static_cast<T>(a.to_f64()[0]);
  }
  std::vector<std::int64_t> shape(const std::string& name) const { return c_.array(name).shape; }

  NhwcShape nhwc(const std::string& name) const {
    const NpyArray a = c_.array(name);
    if (a.shape.size() != 4) bad_shape(name, a, "rank 4 (n, h, w, c)");
    return {a.shape[0], a.shape[1], a.shape[2], a.shape[3]};
  }
  HwioShape hwio(const std::string& name) const {
    const NpyArray a = c_.array(name);
    if (a.shape.size() != 4) bad_shape(name, a, "rank 4 (kh, kw, c_in/groups, c_out)");
    return {a.shape[0], a.shape[1], a.shape[2], a.shape[3]};
  }
  // (rows, cols) of a rank-2 array.
  std::pair<std::int64_t, std::int64_t> matrix(const std::string& name) const {
    const NpyArray a = c_.array(name);
    if (a.shape.size() != 2) bad_shape(name, a, "rank 2 (rows, cols)");
    return {a.shape[0], a.shape[1]};
  }

  // Compares a computed output with <name>.npy under the tolerance of precision T, using the
  // case's reduce_<name>.
  void check(const std::string& name, const std::vector<std::int64_t>& got_shape, const std::vector<T>& got) const {
    const NpyArray expected = c_.array(name);
    EXPECT_TRUE(outputs_match(c_.name() + "/" + name, got_shape, std::vector<double>(got.begin(), got.end()),
                              expected.shape, expected.to_f64(), precision_of<T>(), c_.reduce(name)));
  }
  void check_scalar(const std::string& name, T got) const { check(name, std::vector<std::int64_t>{}, std::vector<T>{got}); }

 private:
  [[noreturn]] void bad_shape(const std::string& name, const NpyArray& a, const std::string& expected) const {
    throw FixtureError(c_.dir() + "/" + name + ".npy: shape " + a.shape_string() + ", expected " + expected);
  }

  const FixtureCase& c_;
};

inline std::vector<std::int64_t> dims(const NhwcShape& s) { return {s.n, s.h, s.w, s.c}; }
inline std::vector<std::int64_t> dims(const HwioShape& s) { return {s.kh, s.kw, s.c_in_per_group, s.c_out}; }

inline std::int64_t count(const NhwcShape& s) { return s.n * s.h * s.w * s.c; }
inline std::int64_t count(const HwioShape& s) { return s.kh * s.kw * s.c_in_per_group * s.c_out; }

}  // namespace cnnkit::test

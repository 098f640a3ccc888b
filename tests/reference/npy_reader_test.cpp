// The .npy reader (tests/support/npy.*): the forms NumPy writes, and clear errors for the rest.
#include <algorithm>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "support/npy.hpp"
#include "support/test_data.hpp"

namespace cnnkit::test {
namespace {

// A .npy file as NumPy lays it out: magic, version, header length (2 bytes for 1.0, 4 after),
// the dict padded with spaces to a multiple of 64 and ended by '\n', then the data.
std::string npy_file(int major, const std::string& dict, const std::string& data) {
  const std::size_t len_width = major == 1 ? 2 : 4;
  std::string header = dict;
  while ((8 + len_width + header.size() + 1) % 64 != 0) header += ' ';
  header += '\n';
  std::string out = "\x93NUMPY";
  out += static_cast<char>(major);
  out += '\0';
  for (std::size_t i = 0; i < len_width; ++i) out += static_cast<char>((header.size() >> (8 * i)) & 0xff);
  return out + header + data;
}

template <class V>
std::string raw(const std::vector<V>& v) {
  std::string s(v.size() * sizeof(V), '\0');
  if (!v.empty()) std::memcpy(s.data(), v.data(), s.size());
  return s;
}

std::string big_endian(const std::vector<double>& v) {
  std::string s = raw(v);
  for (std::size_t i = 0; i < s.size(); i += 8) std::reverse(s.begin() + i, s.begin() + i + 8);
  return s;
}

std::string dict(const std::string& descr, const std::string& shape, const std::string& fortran = "False") {
  return "{'descr': '" + descr + "', 'fortran_order': " + fortran + ", 'shape': " + shape + ", }";
}

// The message of the NpyError a parse throws ("" if it does not throw).
std::string parse_error(const std::string& bytes) {
  try {
    parse_npy(bytes, "case.npy");
  } catch (const NpyError& e) {
    return e.what();
  }
  return "";
}

TEST(NpyReader, ReadsFloat64MatrixVersion1) {
  const std::vector<double> v{1.5, -2.0, 3.25, 0.0, 1e-300, -7.0};
  const NpyArray a = parse_npy(npy_file(1, dict("<f8", "(2, 3)"), raw(v)), "m.npy");
  EXPECT_EQ(a.type, NpyType::f64);
  EXPECT_EQ(a.shape, (std::vector<std::int64_t>{2, 3}));
  EXPECT_EQ(a.size(), 6);
  EXPECT_EQ(a.f64, v);
  EXPECT_EQ(a.shape_string(), "(2, 3)");
}

TEST(NpyReader, ReadsVersion2And3Headers) {
  const std::vector<double> v{4.0, 5.0};
  for (const int major : {2, 3}) {
    const NpyArray a = parse_npy(npy_file(major, dict("<f8", "(2,)"), raw(v)), "v.npy");
    EXPECT_EQ(a.f64, v) << "version " << major;
    EXPECT_EQ(a.shape_string(), "(2,)");
  }
}

TEST(NpyReader, ReadsInt64) {
  const std::vector<std::int64_t> v{0, -1, 5, std::numeric_limits<std::int64_t>::max()};
  const NpyArray a = parse_npy(npy_file(1, dict("<i8", "(4,)"), raw(v)), "i.npy");
  EXPECT_EQ(a.type, NpyType::i64);
  EXPECT_EQ(a.i64, v);
  EXPECT_THROW(a.to_f64(), NpyError) << "2^63-1 is not exactly a double";
  const NpyArray small = parse_npy(npy_file(1, dict("<i8", "(2,)"), raw(std::vector<std::int64_t>{3, -4})), "s.npy");
  EXPECT_EQ(small.to_f64(), (std::vector<double>{3.0, -4.0}));
}

TEST(NpyReader, ReadsZeroDimensionalScalar) {
  const NpyArray a = parse_npy(npy_file(1, dict("<f8", "()"), raw(std::vector<double>{7.0265276})), "s.npy");
  EXPECT_TRUE(a.shape.empty());
  EXPECT_EQ(a.size(), 1);
  EXPECT_EQ(a.f64, std::vector<double>{7.0265276});
  EXPECT_EQ(a.shape_string(), "()");
}

TEST(NpyReader, ReadsEmptyArrayAndBigEndian) {
  const NpyArray empty = parse_npy(npy_file(1, dict("<f8", "(0, 3)"), ""), "e.npy");
  EXPECT_EQ(empty.size(), 0);
  EXPECT_TRUE(empty.f64.empty());
  const std::vector<double> v{1.0, -0.5, 3e10};
  EXPECT_EQ(parse_npy(npy_file(1, dict(">f8", "(3,)"), big_endian(v)), "b.npy").f64, v);
}

TEST(NpyReader, AcceptsKeysInAnyOrderAndDoubleQuotes) {
  const std::string d = "{\"shape\": (1, 1), \"fortran_order\": False, \"descr\": \"<f8\"}";
  EXPECT_EQ(parse_npy(npy_file(1, d, raw(std::vector<double>{2.0})), "o.npy").f64, std::vector<double>{2.0});
}

TEST(NpyReader, RejectsMalformedFilesNamingTheProblem) {
  const std::string one = raw(std::vector<double>{1.0});
  const struct {
    std::string bytes, expected_message_part;
  } cases[] = {
      {"not an npy file at all", "magic"},
      {std::string("\x93NUMPY\x04\x00", 8) + "xx", "version 4.0"},
      {std::string("\x93NUMPY\x01\x00\xff", 9), "truncated"},
      {std::string("\x93NUMPY\x01\x00\xff\x00{", 11), "runs past the end"},
      {npy_file(1, dict("<f4", "(1,)"), "1234"), "unsupported dtype '<f4'"},
      {npy_file(1, dict("<f8", "(1,)", "True"), one), "Fortran-order"},
      {npy_file(1, dict("<f8", "(2,)"), one), "truncated"},
      {npy_file(1, dict("<f8", "()"), one + one), "trailing bytes"},
      {npy_file(1, "{'descr': '<f8', 'shape': (1,)}", one), "missing key 'fortran_order'"},
      {npy_file(1, "{'descr': '<f8', 'fortran_order': False}", one), "missing key 'shape'"},
      {npy_file(1, "{'fortran_order': False, 'shape': (1,)}", one), "missing key 'descr'"},
      {npy_file(1, dict("<f8", "(1,)") + " junk", one), "after the closing"},
      {npy_file(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'extra': 1}", one), "unexpected key"},
      {npy_file(1, dict("<f8", "(-1,)"), one), "non-negative integer"},
      {npy_file(1, dict("<f8", "(1; 2)"), one), "expected ',' or ')'"},
      {npy_file(1, "{'descr': '<f8', 'fortran_order': Maybe, 'shape': (1,)}", one), "True or False"},
      {npy_file(1, "{'descr': '<f8, 'fortran_order': False, 'shape': (1,)}", one), "expected ',' or '}'"},
      {npy_file(1, "{'descr' '<f8', 'fortran_order': False, 'shape': (1,)}", one), "expected ':'"},
      {npy_file(1, "{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (1,)}", one), "duplicate key"},
      {npy_file(1, dict("<f8", "(99999999999999999999,)"), one), "overflows"},
      {npy_file(1, dict("<f8", "(4294967296, 4294967296)"), one), "too large"},
  };
  for (const auto& c : cases) {
    const std::string message = parse_error(c.bytes);
    EXPECT_NE(message.find("case.npy"), std::string::npos) << "the error must name the file: " << message;
    EXPECT_NE(message.find(c.expected_message_part), std::string::npos)
        << "expected '" << c.expected_message_part << "' in: " << (message.empty() ? "(no error)" : message);
  }
}

TEST(NpyReader, ReadsAStoredFixtureFile) {
  // Written by numpy 1.24 (np.save): a 0-d float64 scalar, the seed's printed Z.
  const NpyArray a = read_npy(data_path("fixtures/seeds/seed002_conv_single_step/y.npy"));
  EXPECT_TRUE(a.shape.empty());
  EXPECT_EQ(a.f64, std::vector<double>{-6.999089450680221});
}

TEST(NpyReader, MissingFileIsAnError) {
  EXPECT_THROW(read_npy(data_path("no/such/file.npy")), NpyError);
}

}  // namespace
}  // namespace cnnkit::test

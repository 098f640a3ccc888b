#include "support/npy.hpp"

#include <bit>
#include <cctype>
#include <cstring>
#include <fstream>
#include <iterator>
#include <limits>
#include <optional>
#include <sstream>

namespace cnnkit::test {
namespace {

constexpr std::string_view kMagic = "\x93NUMPY";

[[noreturn]] void fail(const std::string& source, const std::string& what) {
  throw NpyError(source + ": not a valid .npy file for the tests: " + what);
}

std::uint64_t read_le(std::string_view bytes, std::size_t at, std::size_t width) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < width; ++i) v |= std::uint64_t(static_cast<unsigned char>(bytes[at + i])) << (8 * i);
  return v;
}

// The header is a Python dict literal, e.g.
//   {'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }
// This parser reads exactly the value kinds such a header holds: strings, True/False and
// tuples of non-negative integers.
class HeaderParser {
 public:
  HeaderParser(std::string_view text, const std::string& source) : text_(text), source_(source) {}

  struct Header {
    std::optional<std::string> descr;
    std::optional<bool> fortran_order;
    std::optional<std::vector<std::int64_t>> shape;
  };

  Header parse() {
    Header h;
    expect('{');
    while (true) {
      skip_space();
      if (peek() == '}') break;
      const std::string key = string_literal();
      expect(':');
      if (key == "descr") {
        if (h.descr) error("duplicate key 'descr'");
        h.descr = string_literal();
      } else if (key == "fortran_order") {
        if (h.fortran_order) error("duplicate key 'fortran_order'");
        h.fortran_order = boolean();
      } else if (key == "shape") {
        if (h.shape) error("duplicate key 'shape'");
        h.shape = tuple();
      } else {
        error("unexpected key '" + key + "' (expected only 'descr', 'fortran_order', 'shape')");
      }
      skip_space();
      if (peek() == ',') {
        ++pos_;
        continue;
      }
      skip_space();
      if (peek() != '}') error("expected ',' or '}'");
    }
    ++pos_;  // '}'
    skip_space();
    if (pos_ != text_.size()) error("unexpected text after the closing '}'");
    if (!h.descr) error("missing key 'descr'");
    if (!h.fortran_order) error("missing key 'fortran_order'");
    if (!h.shape) error("missing key 'shape'");
    return h;
  }

 private:
  [[noreturn]] void error(const std::string& what) const {
    fail(source_, "header dict at character " + std::to_string(pos_) + ": " + what + " in header \"" +
                      std::string(text_) + "\"");
  }
  char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }
  void skip_space() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }
  void expect(char c) {
    skip_space();
    if (peek() != c) error(std::string("expected '") + c + "'");
    ++pos_;
  }
  std::string string_literal() {
    skip_space();
    const char quote = peek();
    if (quote != '\'' && quote != '"') error("expected a quoted string");
    const std::size_t end = text_.find(quote, pos_ + 1);
    if (end == std::string_view::npos) error("unterminated string");
    std::string s(text_.substr(pos_ + 1, end - pos_ - 1));
    pos_ = end + 1;
    return s;
  }
  bool boolean() {
    skip_space();
    if (text_.substr(pos_, 4) == "True") {
      pos_ += 4;
      return true;
    }
    if (text_.substr(pos_, 5) == "False") {
      pos_ += 5;
      return false;
    }
    error("expected True or False");
  }
  std::vector<std::int64_t> tuple() {
    expect('(');
    std::vector<std::int64_t> dims;
    while (true) {
      skip_space();
      if (peek() == ')') break;
      if (!std::isdigit(static_cast<unsigned char>(peek()))) error("expected a non-negative integer dimension");
      std::int64_t d = 0;
      while (std::isdigit(static_cast<unsigned char>(peek()))) {
        const int digit = peek() - '0';
        if (d > (std::numeric_limits<std::int64_t>::max() - digit) / 10) error("dimension overflows int64");
        d = d * 10 + digit;
        ++pos_;
      }
      dims.push_back(d);
      skip_space();
      if (peek() == ',') {
        ++pos_;
        continue;
      }
      if (peek() != ')') error("expected ',' or ')' in the shape");
    }
    ++pos_;  // ')'
    return dims;
  }

  std::string_view text_;
  const std::string& source_;
  std::size_t pos_ = 0;
};

}  // namespace

std::int64_t NpyArray::size() const {
  std::int64_t n = 1;
  for (const std::int64_t d : shape) n *= d;
  return n;
}

std::string NpyArray::shape_string() const {
  std::ostringstream o;
  o << '(';
  for (std::size_t i = 0; i < shape.size(); ++i) o << (i ? ", " : "") << shape[i];
  if (shape.size() == 1) o << ',';
  o << ')';
  return o.str();
}

std::vector<double> NpyArray::to_f64() const {
  if (type == NpyType::f64) return f64;
  std::vector<double> out;
  out.reserve(i64.size());
  for (const std::int64_t v : i64) {
    if (v > (std::int64_t(1) << 53) || v < -(std::int64_t(1) << 53))
      throw NpyError("int64 value " + std::to_string(v) + " is not exactly representable as a double");
    out.push_back(static_cast<double>(v));
  }
  return out;
}

NpyArray parse_npy(std::string_view bytes, const std::string& source) {
  if (bytes.size() < kMagic.size() + 2 || bytes.substr(0, kMagic.size()) != kMagic)
    fail(source, "missing the magic string \\x93NUMPY at the start");
  const int major = static_cast<unsigned char>(bytes[6]);
  const int minor = static_cast<unsigned char>(bytes[7]);
  if ((major != 1 && major != 2 && major != 3) || minor != 0)
    fail(source, "unsupported format version " + std::to_string(major) + "." + std::to_string(minor) +
                     " (expected 1.0, 2.0 or 3.0)");
  // Version 1.0 stores the header length in 2 bytes, later versions in 4.
  const std::size_t len_width = major == 1 ? 2 : 4;
  const std::size_t header_start = 8 + len_width;
  if (bytes.size() < header_start) fail(source, "truncated before the header length");
  const std::uint64_t header_len = read_le(bytes, 8, len_width);
  if (header_len > bytes.size() - header_start)
    fail(source, "header length " + std::to_string(header_len) + " runs past the end of the file (" +
                     std::to_string(bytes.size()) + " bytes)");
  const std::string_view header = bytes.substr(header_start, header_len);
  const HeaderParser::Header h = HeaderParser(header, source).parse();

  NpyArray a;
  const std::string& descr = *h.descr;
  if (descr == "<f8" || descr == ">f8") {
    a.type = NpyType::f64;
  } else if (descr == "<i8" || descr == ">i8") {
    a.type = NpyType::i64;
  } else {
    fail(source, "unsupported dtype '" + descr + "' (expected float64 '<f8' or int64 '<i8')");
  }
  const bool big_endian = descr[0] == '>';
  if (*h.fortran_order) fail(source, "Fortran-order arrays are not supported (expected fortran_order False)");
  a.shape = *h.shape;

  std::int64_t count = 1;
  for (const std::int64_t d : a.shape)
    if (__builtin_mul_overflow(count, d, &count) || count > std::numeric_limits<std::int64_t>::max() / 8)
      fail(source, "shape " + a.shape_string() + " is too large");
  const std::size_t data_start = header_start + header_len;
  const std::uint64_t expected_bytes = static_cast<std::uint64_t>(count) * 8;
  const std::uint64_t got_bytes = bytes.size() - data_start;
  if (got_bytes != expected_bytes)
    fail(source, "shape " + a.shape_string() + " of 8-byte elements needs " + std::to_string(expected_bytes) +
                     " data bytes, the file has " + std::to_string(got_bytes) +
                     (got_bytes < expected_bytes ? " (truncated)" : " (trailing bytes)"));

  const bool swap = big_endian != (std::endian::native == std::endian::big);
  std::vector<std::uint64_t> words(static_cast<std::size_t>(count));
  if (count > 0) std::memcpy(words.data(), bytes.data() + data_start, expected_bytes);
  if (swap)
    for (std::uint64_t& w : words) w = __builtin_bswap64(w);
  if (a.type == NpyType::f64) {
    a.f64.resize(words.size());
    if (count > 0) std::memcpy(a.f64.data(), words.data(), expected_bytes);
  } else {
    a.i64.resize(words.size());
    if (count > 0) std::memcpy(a.i64.data(), words.data(), expected_bytes);
  }
  return a;
}

NpyArray read_npy(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw NpyError(path + ": cannot open the .npy file");
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw NpyError(path + ": read error");
  return parse_npy(bytes, path);
}

}  // namespace cnnkit::test

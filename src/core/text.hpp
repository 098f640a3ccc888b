// Small string helpers for error messages and the verbose log (GCC 12 has no std::format).
#pragma once

#include <cstdint>
#include <sstream>
#include <string>

#include "cnnkit/params.hpp"
#include "cnnkit/tensor.hpp"

namespace cnnkit::core {

inline std::string str(const NhwcShape& s) {
  std::ostringstream o;
  o << "(" << s.n << ", " << s.h << ", " << s.w << ", " << s.c << ")";
  return o.str();
}

inline std::string str(const HwioShape& s) {
  std::ostringstream o;
  o << "(" << s.kh << ", " << s.kw << ", " << s.c_in_per_group << ", " << s.c_out << ")";
  return o.str();
}

inline std::string str(const Padding& p) {
  std::ostringstream o;
  o << "top " << p.top << ", bottom " << p.bottom << ", left " << p.left << ", right " << p.right;
  return o.str();
}

// Compact forms for log lines: 10x4x4x3, pad 2,2,2,2 (top,bottom,left,right).
inline std::string compact(const NhwcShape& s) {
  std::ostringstream o;
  o << s.n << "x" << s.h << "x" << s.w << "x" << s.c;
  return o.str();
}

inline std::string compact(const HwioShape& s) {
  std::ostringstream o;
  o << s.kh << "x" << s.kw << "x" << s.c_in_per_group << "x" << s.c_out;
  return o.str();
}

inline std::string compact(const Padding& p) {
  std::ostringstream o;
  o << p.top << "," << p.bottom << "," << p.left << "," << p.right;
  return o.str();
}

}  // namespace cnnkit::core

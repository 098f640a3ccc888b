// Row-major offsets of the layouts every op uses.
#pragma once

#include <cstdint>

#include "cnnkit/tensor.hpp"

namespace cnnkit::ops {

inline std::int64_t offset(const NhwcShape& s, std::int64_t n, std::int64_t h, std::int64_t w, std::int64_t c) {
  return ((n * s.h + h) * s.w + w) * s.c + c;
}

inline std::int64_t offset(const HwioShape& s, std::int64_t i, std::int64_t j, std::int64_t c, std::int64_t o) {
  return ((i * s.kw + j) * s.c_in_per_group + c) * s.c_out + o;
}

}  // namespace cnnkit::ops

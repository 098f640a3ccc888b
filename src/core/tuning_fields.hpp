// A problem's geometry as a few integers, for the per-thread memo in front of the tuning cache
// (core/tuning_memo.hpp): comparing these is far cheaper than building the key's text, which
// tuned calls would otherwise pay on every call (about a microsecond: more than a small pooling
// call itself). Each Problem with a tuning_fields(KeyFields&) member gets the memo.
#pragma once

#include <array>
#include <cstdint>

#include "cnnkit/params.hpp"
#include "cnnkit/tensor.hpp"

namespace cnnkit::core {

struct KeyFields {
  static constexpr int kCapacity = 24;
  std::array<std::int64_t, kCapacity> values{};
  int count = 0;

  void add(std::int64_t v) {
    if (count < kCapacity) values[count] = v;
    ++count;  // an overfull key never matches (memo_usable), so a mistake costs speed, not results
  }
  void add(const NhwcShape& s) { add(s.n), add(s.h), add(s.w), add(s.c); }
  void add(const HwioShape& s) { add(s.kh), add(s.kw), add(s.c_in_per_group), add(s.c_out); }
  void add(const Padding& p) { add(p.top), add(p.bottom), add(p.left), add(p.right); }
  bool usable() const { return count <= kCapacity; }
  friend bool operator==(const KeyFields&, const KeyFields&) = default;
};

}  // namespace cnnkit::core

// A test-only op for exercising core::select_variant with hand-made variant lists. Its id is
// OpId::pad, so a context's forced variant for pad applies to it; "pad.ref" is the only name a
// Context accepts for forcing (names are checked against the real registry), so lists that test
// forcing contain an entry with that name.
#pragma once

#include <string>

#include "core/registry.hpp"
#include "core/select_variant.hpp"

namespace cnnkit::test {

struct FakeProblem {
  int size = 0;
  std::string describe() const { return "size=" + std::to_string(size); }
};

struct FakeOp {
  static constexpr OpId id = OpId::pad;
  using Problem = FakeProblem;
  template <class T>
  using Fn = void(const FakeProblem&, T* out, const core::Exec&);
};

using FakeVariant = core::Variant<FakeOp, float>;

// Variant bodies that identify themselves in the output.
template <int Mark>
void write_mark(const FakeProblem&, float* out, const core::Exec&) {
  *out = static_cast<float>(Mark);
}

inline const char* declines_always(const FakeProblem&, const core::Exec&) { return "fake: declines everything"; }
inline const char* declines_large(const FakeProblem& p, const core::Exec&) {
  return p.size > 10 ? "fake: only sizes up to 10" : nullptr;
}

}  // namespace cnnkit::test

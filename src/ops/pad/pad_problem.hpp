// Constant padding: the problem a pad variant receives (already validated).
#pragma once

#include <string>

#include "cnnkit/dispatch.hpp"
#include "cnnkit/params.hpp"
#include "cnnkit/tensor.hpp"
#include "core/registry.hpp"
#include "core/text.hpp"
#include "core/tuning_fields.hpp"

namespace cnnkit::ops {

struct PadProblem {
  NhwcShape x, y;  // y = x grown by pad
  Padding pad;
  std::string describe() const { return "x=" + core::compact(x) + " pad=" + core::compact(pad); }
  void tuning_fields(core::KeyFields& f) const { f.add(x), f.add(y), f.add(pad); }
};

struct PadOp {
  static constexpr OpId id = OpId::pad;
  using Problem = PadProblem;
  template <class T>
  using Fn = void(const PadProblem&, const T* x, T* y, T value, const core::Exec&);
};

}  // namespace cnnkit::ops

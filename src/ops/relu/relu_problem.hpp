// ReLU: the problem every relu variant receives (already validated).
#pragma once

#include <cstdint>
#include <string>

#include "cnnkit/dispatch.hpp"
#include "core/registry.hpp"
#include "core/tuning_fields.hpp"

namespace cnnkit::ops {

struct EltwiseProblem {
  std::int64_t count = 0;
  bool in_place = false;  // output aliases an input exactly
  std::string describe() const {
    return "count=" + std::to_string(count) + (in_place ? " in_place" : "");
  }
  void tuning_fields(core::KeyFields& f) const { f.add(count), f.add(in_place); }
};

struct ReluFwdOp {
  static constexpr OpId id = OpId::relu_fwd;
  using Problem = EltwiseProblem;
  template <class T>
  using Fn = void(const EltwiseProblem&, const T* x, T* y, const core::Exec&);
  // In place, y is x: tuning times candidates on copies (core/tune_variant.hpp).
  static std::int64_t tuning_copy_elements(const EltwiseProblem& p) { return p.in_place ? p.count : 0; }
};

struct ReluBwdOp {
  static constexpr OpId id = OpId::relu_bwd;
  using Problem = EltwiseProblem;
  template <class T>
  using Fn = void(const EltwiseProblem&, const T* x, const T* dy, T* dx, const core::Exec&);
  static std::int64_t tuning_copy_elements(const EltwiseProblem& p) { return p.in_place ? p.count : 0; }
};

}  // namespace cnnkit::ops

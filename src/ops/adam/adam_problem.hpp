// Adam: the problem every adam variant receives (already validated).
#pragma once

#include <cstdint>
#include <sstream>
#include <string>

#include "cnnkit/dispatch.hpp"
#include "cnnkit/params.hpp"
#include "core/registry.hpp"
#include "core/tuning_fields.hpp"

namespace cnnkit::ops {

struct AdamProblem {
  std::int64_t count = 0;
  AdamParams params;
  std::string describe() const {
    std::ostringstream o;
    o << "count=" << count << " style=" << (params.style == AdamStyle::pytorch ? "pytorch" : "tensorflow1")
      << " t=" << params.step << " lr=" << params.lr << " beta1=" << params.beta1
      << " beta2=" << params.beta2 << " eps=" << params.eps;
    if (params.weight_decay != 0.0)
      o << (params.decoupled_weight_decay ? " adamw=" : " weight_decay=") << params.weight_decay;
    return o.str();
  }
  // What the work depends on: not the step, learning rate or betas, which change between calls.
  std::string tuning_key() const {
    std::ostringstream o;
    o << "count=" << count << " style=" << (params.style == AdamStyle::pytorch ? "pytorch" : "tensorflow1");
    if (params.weight_decay != 0.0) o << (params.decoupled_weight_decay ? " adamw" : " weight_decay");
    return o.str();
  }
  void tuning_fields(core::KeyFields& f) const {
    f.add(count), f.add(static_cast<std::int64_t>(params.style));
    f.add(params.weight_decay == 0.0 ? 0 : params.decoupled_weight_decay ? 2 : 1);
  }
};

struct AdamOp {
  static constexpr OpId id = OpId::adam;
  using Problem = AdamProblem;
  template <class T>
  using Fn = void(const AdamProblem&, T* param, const T* grad, T* m, T* v, const core::Exec&);
  // param, m and v are read and written: tuning times candidates on copies (core/tune_variant.hpp).
  static std::int64_t tuning_copy_elements(const AdamProblem& p) { return p.count; }
};

}  // namespace cnnkit::ops

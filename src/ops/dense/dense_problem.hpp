// Dense (fully connected): the problem every dense variant receives (already validated).
// x (m, n_in), w (n_in, n_out), bias (n_out), y (m, n_out), all row-major.
#pragma once

#include <cstdint>
#include <sstream>
#include <string>

#include "cnnkit/dispatch.hpp"
#include "core/registry.hpp"
#include "core/tuning_fields.hpp"

namespace cnnkit::ops {

struct DenseProblem {
  std::int64_t m = 0, n_in = 0, n_out = 0;
  bool has_bias = false;
  double flops() const { return 2.0 * static_cast<double>(m) * n_in * n_out; }
  std::string describe() const {
    std::ostringstream o;
    o << "m=" << m << " n_in=" << n_in << " n_out=" << n_out << (has_bias ? " bias" : "");
    return o.str();
  }
  void tuning_fields(core::KeyFields& f) const { f.add(m), f.add(n_in), f.add(n_out), f.add(has_bias); }
};

struct DenseFwdOp {
  static constexpr OpId id = OpId::dense_fwd;
  using Problem = DenseProblem;
  template <class T>
  using Fn = void(const DenseProblem&, const T* x, const T* w, const T* b, T* y, const core::Exec&);
};

struct DenseBwdDataOp {
  static constexpr OpId id = OpId::dense_bwd_data;
  using Problem = DenseProblem;
  template <class T>
  using Fn = void(const DenseProblem&, const T* dy, const T* w, T* dx, const core::Exec&);
};

struct DenseBwdWeightsOp {
  static constexpr OpId id = OpId::dense_bwd_weights;
  using Problem = DenseProblem;
  template <class T>
  using Fn = void(const DenseProblem&, const T* x, const T* dy, T* dw, const core::Exec&);
};

struct DenseBwdBiasOp {
  static constexpr OpId id = OpId::dense_bwd_bias;
  using Problem = DenseProblem;  // uses m and n_out
  template <class T>
  using Fn = void(const DenseProblem&, const T* dy, T* db, const core::Exec&);
};

}  // namespace cnnkit::ops

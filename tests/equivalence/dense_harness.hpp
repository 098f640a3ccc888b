// Equivalence harness of the dense ops (forward and the three gradients).
#pragma once

#include <limits>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "equivalence_driver.hpp"
#include "ops/dense/dense_problem.hpp"

namespace cnnkit::test::equiv {

struct DenseCase {
  std::string name;
  ops::DenseProblem problem;  // as the dense API functions build it
  Data data;
  bool misaligned;
};

// (m, n_in, n_out) from kChannels by two rotations (every count in every role twice), integer
// and real data; with_bias: every other shape has a bias (forward only). The bias gradient's
// problem is {m, 0, n_out} as dense_backward_bias builds it.
std::vector<DenseCase> dense_cases(Sweep sweep, bool with_bias);
std::vector<DenseCase> dense_bias_cases(Sweep sweep);

namespace dense_detail {
// Special data: small integers with a few infinities and NaNs in every input (about 1 in 60).
// The blocked GEMM pads its packed panels with zeros: an infinity must still reach only the outputs
// the reference's products give it (0 * inf = NaN in a padded column must never land in y).
template <class T>
void fill_inputs(Instance<T>& inst, Data data, RandomFill& rng) {
  std::uniform_int_distribution<int> pick(0, 179);
  for (auto& a : inst.args) {
    if (a.role == Role::output) continue;
    fill(data == Data::specials ? Data::integers : data, rng, a.init);
    if (data != Data::specials) continue;
    for (auto& x : a.init) {
      const int p = pick(rng.engine());
      if (p < 3) x = (p == 0 ? -1 : 1) * std::numeric_limits<T>::infinity();
      else if (p == 3) x = std::numeric_limits<T>::quiet_NaN();
    }
  }
}
}  // namespace dense_detail

template <>
struct Harness<ops::DenseFwdOp> {
  using Op = ops::DenseFwdOp;
  using Case = DenseCase;
  static std::vector<Case> cases(Sweep sweep) { return dense_cases(sweep, true); }

  template <class T>
  static Instance<T> make(const Case& c, RandomFill& rng) {
    const auto& p = c.problem;
    Instance<T> inst;
    inst.misaligned = c.misaligned;
    inst.args.push_back(make_arg<T>("x", Role::input, {p.m, p.n_in}, "ik"));
    inst.args.push_back(make_arg<T>("w", Role::input, {p.n_in, p.n_out}, "kj"));
    if (p.has_bias) inst.args.push_back(make_arg<T>("b", Role::input, {p.n_out}, "j"));
    inst.args.push_back(make_arg<T>("y", Role::output, {p.m, p.n_out}, "ij"));
    dense_detail::fill_inputs(inst, c.data, rng);
    return inst;
  }

  template <class T>
  static void call(typename Op::template Fn<T>* fn, const Case& c, std::span<T* const> a, const std::int64_t*,
                   const core::Exec& exec) {
    if (c.problem.has_bias)
      fn(c.problem, a[0], a[1], a[2], a[3], exec);
    else
      fn(c.problem, a[0], a[1], nullptr, a[2], exec);
  }

  template <class T>
  static std::vector<Tolerance> tolerances(const Case& c, const Instance<T>& inst) {
    if (c.data == Data::integers) return {Tolerance{}};
    const auto s = reference_on_magnitudes<Op>(c, inst);
    return {dot_product_bound<T>(s[0], c.problem.n_in + (c.problem.has_bias ? 1 : 0), "n_in products + bias")};
  }
};

template <>
struct Harness<ops::DenseBwdDataOp> {
  using Op = ops::DenseBwdDataOp;
  using Case = DenseCase;
  static std::vector<Case> cases(Sweep sweep) { return dense_cases(sweep, false); }

  template <class T>
  static Instance<T> make(const Case& c, RandomFill& rng) {
    const auto& p = c.problem;
    Instance<T> inst;
    inst.misaligned = c.misaligned;
    inst.args.push_back(make_arg<T>("dy", Role::input, {p.m, p.n_out}, "ij"));
    inst.args.push_back(make_arg<T>("w", Role::input, {p.n_in, p.n_out}, "kj"));
    inst.args.push_back(make_arg<T>("dx", Role::output, {p.m, p.n_in}, "ik"));
    dense_detail::fill_inputs(inst, c.data, rng);
    return inst;
  }

  template <class T>
  static void call(typename Op::template Fn<T>* fn, const Case& c, std::span<T* const> a, const std::int64_t*,
                   const core::Exec& exec) {
    fn(c.problem, a[0], a[1], a[2], exec);
  }

  template <class T>
  static std::vector<Tolerance> tolerances(const Case& c, const Instance<T>& inst) {
    if (c.data == Data::integers) return {Tolerance{}};
    const auto s = reference_on_magnitudes<Op>(c, inst);
    return {dot_product_bound<T>(s[0], c.problem.n_out, "n_out products")};
  }
};

template <>
struct Harness<ops::DenseBwdWeightsOp> {
  using Op = ops::DenseBwdWeightsOp;
  using Case = DenseCase;
  static std::vector<Case> cases(Sweep sweep) { return dense_cases(sweep, false); }

  template <class T>
  static Instance<T> make(const Case& c, RandomFill& rng) {
    const auto& p = c.problem;
    Instance<T> inst;
    inst.misaligned = c.misaligned;
    inst.args.push_back(make_arg<T>("x", Role::input, {p.m, p.n_in}, "ik"));
    inst.args.push_back(make_arg<T>("dy", Role::input, {p.m, p.n_out}, "ij"));
    inst.args.push_back(make_arg<T>("dw", Role::output, {p.n_in, p.n_out}, "kj"));
    dense_detail::fill_inputs(inst, c.data, rng);
    return inst;
  }

  template <class T>
  static void call(typename Op::template Fn<T>* fn, const Case& c, std::span<T* const> a, const std::int64_t*,
                   const core::Exec& exec) {
    fn(c.problem, a[0], a[1], a[2], exec);
  }

  template <class T>
  static std::vector<Tolerance> tolerances(const Case& c, const Instance<T>& inst) {
    if (c.data == Data::integers) return {Tolerance{}};
    const auto s = reference_on_magnitudes<Op>(c, inst);
    return {dot_product_bound<T>(s[0], c.problem.m, "m products")};
  }
};

template <>
struct Harness<ops::DenseBwdBiasOp> {
  using Op = ops::DenseBwdBiasOp;
  using Case = DenseCase;
  static std::vector<Case> cases(Sweep sweep) { return dense_bias_cases(sweep); }

  template <class T>
  static Instance<T> make(const Case& c, RandomFill& rng) {
    const auto& p = c.problem;
    Instance<T> inst;
    inst.misaligned = c.misaligned;
    inst.args.push_back(make_arg<T>("dy", Role::input, {p.m, p.n_out}, "ij"));
    inst.args.push_back(make_arg<T>("db", Role::output, {p.n_out}, "j"));
    dense_detail::fill_inputs(inst, c.data, rng);
    return inst;
  }

  template <class T>
  static void call(typename Op::template Fn<T>* fn, const Case& c, std::span<T* const> a, const std::int64_t*,
                   const core::Exec& exec) {
    fn(c.problem, a[0], a[1], exec);
  }

  template <class T>
  static std::vector<Tolerance> tolerances(const Case& c, const Instance<T>& inst) {
    if (c.data == Data::integers) return {Tolerance{}};
    const auto s = reference_on_magnitudes<Op>(c, inst);
    return {dot_product_bound<T>(s[0], c.problem.m, "m terms")};
  }
};

}  // namespace cnnkit::test::equiv

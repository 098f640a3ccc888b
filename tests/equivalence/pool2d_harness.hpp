// Equivalence harness of pool2d forward and backward (max and average).
#pragma once

#include <span>
#include <string>
#include <vector>

#include "equivalence_driver.hpp"
#include "hostile_values.hpp"
#include "ops/pool2d/pool2d_problem.hpp"

namespace cnnkit::test::equiv {

struct PoolCase {
  std::string name;
  ops::Pool2dProblem problem;  // as pool2d_forward / pool2d_backward build it
  Data data;
  bool misaligned;
  // Backward from indices only: 0 = the forward's indices; 1 = a negative index at the first
  // position, 2 = one past the plane at the last, 3 = another window's cell in the middle.
  int corrupt = 0;
};

// Geometries: floor and ceil mode (including a ceil-mode window dropped for starting in the
// padding), pads on some sides only, strides 1-3, non-square windows, global windows, 1x1 input,
// the seed ConvNet's SAME pools; each with two channel counts of kChannels. Then every SIMD tail
// length (float 16 lanes, double 8) on small overlapping and disjoint windows, and one tall
// three-image case (thousands of output rows) that threaded variants split.
// Forward: max on integers (ties), specials (NaN payloads, +-inf, +-0, subnormals, +-max) and
// reals; average with both count_include_pad settings, on reals, integers and specials. Backward:
// max with both tie policies, average with both divisors; special data in dy too. Every variant
// must give the reference's bits.
std::vector<PoolCase> pool_fwd_cases(Sweep sweep);
std::vector<PoolCase> pool_bwd_cases(Sweep sweep);
// Max pooling with saved indices (ties = first): the shapes above; backward adds corrupted indices.
std::vector<PoolCase> pool_fwd_indices_cases(Sweep sweep);
std::vector<PoolCase> pool_bwd_indices_cases(Sweep sweep);

template <>
struct Harness<ops::Pool2dFwdOp> {
  using Op = ops::Pool2dFwdOp;
  using Case = PoolCase;
  static std::vector<Case> cases(Sweep sweep) { return pool_fwd_cases(sweep); }

  template <class T>
  static Instance<T> make(const Case& c, RandomFill& rng) {
    Instance<T> inst;
    inst.misaligned = c.misaligned;
    inst.args.push_back(make_arg<T>("x", Role::input, nhwc_dims(c.problem.x), "nhwc"));
    inst.args.push_back(make_arg<T>("y", Role::output, nhwc_dims(c.problem.y), "nhwc"));
    fill(c.data, rng, inst.args[0].init);
    if (c.data == Data::specials) add_hostile_values(inst.args[0].init, rng);
    return inst;
  }

  template <class T>
  static void call(typename Op::template Fn<T>* fn, const Case& c, std::span<T* const> a, const std::int64_t*,
                   const core::Exec& exec) {
    fn(c.problem, a[0], a[1], exec);
  }

  // Max is a selection and average the reference's sums in its order with its divisor (a NaN sum
  // taking the first NaN the running sum meets): the same bits on any data, NaN payloads included.
  template <class T>
  static std::vector<Tolerance> tolerances(const Case&, const Instance<T>&) {
    return {Tolerance::bits()};
  }
};

template <>
struct Harness<ops::Pool2dBwdOp> {
  using Op = ops::Pool2dBwdOp;
  using Case = PoolCase;
  static std::vector<Case> cases(Sweep sweep) { return pool_bwd_cases(sweep); }

  static bool is_max(const Case& c) { return c.problem.params.mode == PoolMode::max; }

  template <class T>
  static Instance<T> make(const Case& c, RandomFill& rng) {
    Instance<T> inst;
    inst.misaligned = c.misaligned;
    // Average pooling passes no x (the API passes null): only its shape matters.
    if (is_max(c)) inst.args.push_back(make_arg<T>("x", Role::input, nhwc_dims(c.problem.x), "nhwc"));
    inst.args.push_back(make_arg<T>("dy", Role::input, nhwc_dims(c.problem.y), "nhwc"));
    inst.args.push_back(make_arg<T>("dx", Role::output, nhwc_dims(c.problem.x), "nhwc"));
    if (is_max(c)) fill(c.data, rng, inst.args[0].init);
    // Special data puts special values (NaN payloads, infinities) in dy too: each dx cell sums its
    // windows' gradients in the reference's order, so the first NaN to reach it must win.
    std::vector<T>& dy = inst.args[is_max(c) ? 1 : 0].init;
    fill(c.data, rng, dy);
    if (c.data == Data::specials) {
      if (is_max(c)) add_hostile_values(inst.args[0].init, rng);
      add_hostile_values(dy, rng);
    }
    return inst;
  }

  template <class T>
  static void call(typename Op::template Fn<T>* fn, const Case& c, std::span<T* const> a, const std::int64_t*,
                   const core::Exec& exec) {
    if (is_max(c))
      fn(c.problem, a[0], a[1], a[2], exec);
    else
      fn(c.problem, nullptr, a[0], a[1], exec);
  }

  // dx cells sum their windows' shares in the reference's order in every variant: the same bits.
  template <class T>
  static std::vector<Tolerance> tolerances(const Case&, const Instance<T>&) {
    return {Tolerance::bits()};
  }
};

}  // namespace cnnkit::test::equiv

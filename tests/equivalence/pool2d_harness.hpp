// Equivalence harness of pool2d forward and backward (max and average).
#pragma once

#include <span>
#include <string>
#include <vector>

#include "equivalence_driver.hpp"
#include "ops/pool2d/pool2d_problem.hpp"

namespace cnnkit::test::equiv {

struct PoolCase {
  std::string name;
  ops::Pool2dProblem problem;  // as pool2d_forward / pool2d_backward build it
  Data data;
  bool misaligned;
};

// Geometries: floor and ceil mode (including a ceil-mode window dropped for starting in the
// padding), pads on some sides only, strides 1-3, non-square windows, global windows, 1x1 input,
// the seed ConvNet's SAME pools; each with two channel counts of kChannels. Then every SIMD tail
// length (float 16 lanes, double 8) on small overlapping and disjoint windows, and one tall
// three-image case (thousands of output rows) that threaded variants split.
// Forward: max on integers (ties), specials (NaN, +-inf, +-0) and reals; average with both
// count_include_pad settings. Backward: max with both tie policies, average with both divisors.
std::vector<PoolCase> pool_fwd_cases(Sweep sweep);
std::vector<PoolCase> pool_bwd_cases(Sweep sweep);

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
    return inst;
  }

  template <class T>
  static void call(typename Op::template Fn<T>* fn, const Case& c, std::span<T* const> a, const std::int64_t*,
                   const core::Exec& exec) {
    fn(c.problem, a[0], a[1], exec);
  }

  template <class T>
  static std::vector<Tolerance> tolerances(const Case& c, const Instance<T>& inst) {
    const Pool2dParams& q = c.problem.params;
    if (q.mode == PoolMode::max) return {Tolerance{}};  // a selection: exact on any data
    // A sum of at most kh*kw terms, then one division (or a reciprocal and a product).
    const auto s = reference_on_magnitudes<Op>(c, inst);
    return {dot_product_bound<T>(s[0], q.kernel_h * q.kernel_w + 2, "kh*kw terms + divisor")};
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
    // Integer dy keeps special-valued max windows exact; real data uses real gradients too.
    fill(c.data == Data::reals ? Data::reals : Data::integers, rng, inst.args[is_max(c) ? 1 : 0].init);
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

  template <class T>
  static std::vector<Tolerance> tolerances(const Case& c, const Instance<T>& inst) {
    const Pool2dParams& q = c.problem.params;
    if (is_max(c)) {
      if (c.data != Data::reals) return {Tolerance{}};
      // dx sums the dy of the windows a cell wins (at most kh*kw of them); the winners are found
      // on the unchanged x, so the magnitudes are the same sums over |dy|.
      const auto s = reference_on_magnitudes<Op>(c, inst, {"x"});
      return {dot_product_bound<T>(s[0], q.kernel_h * q.kernel_w, "windows per cell")};
    }
    const auto s = reference_on_magnitudes<Op>(c, inst);
    return {dot_product_bound<T>(s[0], q.kernel_h * q.kernel_w + 2, "windows per cell + divisor")};
  }
};

}  // namespace cnnkit::test::equiv

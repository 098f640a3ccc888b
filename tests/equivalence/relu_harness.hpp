// Equivalence harness of ReLU forward and backward: selections, so exact on any data, including
// +-0, NaN and infinities; in place and out of place.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "equivalence_driver.hpp"
#include "ops/relu/relu_problem.hpp"
#include "hostile_values.hpp"
#include "relu_pad_nans.hpp"

namespace cnnkit::test::equiv {

// Which buffers alias (the API allows exact aliasing of the output with an input).
enum class ReluLayout {
  separate,  // every buffer distinct
  in_place,  // forward: y == x
  dx_is_dy,  // backward: dx == dy
  dx_is_x,   // backward: dx == x
};

struct ReluCase {
  std::string name;
  ops::EltwiseProblem problem;  // as relu_forward / relu_backward build it (in_place flag included)
  ReluLayout layout;
  Data data;
  bool misaligned;
};

// Lengths: kChannels and a few longer odd ones, each with special and real data.
std::vector<ReluCase> relu_fwd_cases(Sweep sweep);
std::vector<ReluCase> relu_bwd_cases(Sweep sweep);

template <>
struct Harness<ops::ReluFwdOp> {
  using Op = ops::ReluFwdOp;
  using Case = ReluCase;
  static std::vector<Case> cases(Sweep sweep) { return relu_fwd_cases(sweep); }

  template <class T>
  static Instance<T> make(const Case& c, RandomFill& rng) {
    Instance<T> inst;
    inst.misaligned = c.misaligned;
    const std::int64_t n = c.problem.count;
    if (c.layout == ReluLayout::in_place) {
      inst.args.push_back(make_arg<T>("x_y", Role::in_out, {n}, "i"));
    } else {
      inst.args.push_back(make_arg<T>("x", Role::input, {n}, "i"));
      inst.args.push_back(make_arg<T>("y", Role::output, {n}, "i"));
    }
    fill(c.data, rng, inst.args[0].init);
    vary_nans(inst.args[0].init);
    if (c.data == Data::specials) add_hostile_values(inst.args[0].init, rng);  // sNaN, +-max
    return inst;
  }

  template <class T>
  static void call(typename Op::template Fn<T>* fn, const Case& c, std::span<T* const> a, const std::int64_t*,
                   const core::Exec& exec) {
    fn(c.problem, a[0], c.layout == ReluLayout::in_place ? a[0] : a[1], exec);
  }

  template <class T>
  static std::vector<Tolerance> tolerances(const Case&, const Instance<T>&) {
    return {Tolerance::bits()};
  }
};

template <>
struct Harness<ops::ReluBwdOp> {
  using Op = ops::ReluBwdOp;
  using Case = ReluCase;
  static std::vector<Case> cases(Sweep sweep) { return relu_bwd_cases(sweep); }

  template <class T>
  static Instance<T> make(const Case& c, RandomFill& rng) {
    Instance<T> inst;
    inst.misaligned = c.misaligned;
    const std::int64_t n = c.problem.count;
    switch (c.layout) {
      case ReluLayout::dx_is_dy:
        inst.args.push_back(make_arg<T>("x", Role::input, {n}, "i"));
        inst.args.push_back(make_arg<T>("dy_dx", Role::in_out, {n}, "i"));
        break;
      case ReluLayout::dx_is_x:
        inst.args.push_back(make_arg<T>("x_dx", Role::in_out, {n}, "i"));
        inst.args.push_back(make_arg<T>("dy", Role::input, {n}, "i"));
        break;
      default:
        inst.args.push_back(make_arg<T>("x", Role::input, {n}, "i"));
        inst.args.push_back(make_arg<T>("dy", Role::input, {n}, "i"));
        inst.args.push_back(make_arg<T>("dx", Role::output, {n}, "i"));
    }
    // Every layout puts x first and dy second. dy takes special values too when x does, so NaN
    // and -0 gradients must pass bit for bit.
    fill(c.data, rng, inst.args[0].init);
    fill(c.data, rng, inst.args[1].init);
    for (auto& a : inst.args) {
      vary_nans(a.init);
      if (c.data == Data::specials) add_hostile_values(a.init, rng);  // sNaN, +-max
    }
    return inst;
  }

  template <class T>
  static void call(typename Op::template Fn<T>* fn, const Case& c, std::span<T* const> a, const std::int64_t*,
                   const core::Exec& exec) {
    switch (c.layout) {
      case ReluLayout::dx_is_dy: return fn(c.problem, a[0], a[1], a[1], exec);
      case ReluLayout::dx_is_x: return fn(c.problem, a[0], a[1], a[0], exec);
      default: return fn(c.problem, a[0], a[1], a[2], exec);
    }
  }

  template <class T>
  static std::vector<Tolerance> tolerances(const Case&, const Instance<T>&) {
    return {Tolerance::bits()};
  }
};

}  // namespace cnnkit::test::equiv

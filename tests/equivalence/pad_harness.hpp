// Equivalence harness of constant padding: a copy, so exact on any data.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "equivalence_driver.hpp"
#include "ops/pad/pad_problem.hpp"
#include "hostile_values.hpp"
#include "relu_pad_nans.hpp"

namespace cnnkit::test::equiv {

struct PadCase {
  std::string name;
  ops::PadProblem problem;  // as cnnkit::pad builds it
  double value;             // the fill value (0, -1.5, 2, NaN or a negative NaN with a payload)
  Data data;
  bool misaligned;
};

// Every channel count twice, with pads on some sides only, zero pads, pads larger than the input.
std::vector<PadCase> pad_cases(Sweep sweep);

template <>
struct Harness<ops::PadOp> {
  using Op = ops::PadOp;
  using Case = PadCase;
  static std::vector<Case> cases(Sweep sweep) { return pad_cases(sweep); }

  template <class T>
  static Instance<T> make(const Case& c, RandomFill& rng) {
    Instance<T> inst;
    inst.misaligned = c.misaligned;
    inst.args.push_back(make_arg<T>("x", Role::input, nhwc_dims(c.problem.x), "nhwc"));
    inst.args.push_back(make_arg<T>("y", Role::output, nhwc_dims(c.problem.y), "nhwc"));
    fill(c.data, rng, inst.args[0].init);
    vary_nans(inst.args[0].init);
    if (c.data == Data::specials) add_hostile_values(inst.args[0].init, rng);  // sNaN, +-max
    return inst;
  }

  template <class T>
  static void call(typename Op::template Fn<T>* fn, const Case& c, std::span<T* const> a, const std::int64_t*,
                   const core::Exec& exec) {
    fn(c.problem, a[0], a[1], static_cast<T>(c.value), exec);
  }

  template <class T>
  static std::vector<Tolerance> tolerances(const Case&, const Instance<T>&) {
    return {Tolerance::bits()};
  }
};

}  // namespace cnnkit::test::equiv

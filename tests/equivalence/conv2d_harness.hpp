// Equivalence harness of the four conv2d ops. One shape sweep serves all four directions; the
// bias gradient uses the output shapes of that sweep.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "equivalence_driver.hpp"
#include "ops/conv2d/conv2d_problem.hpp"

namespace cnnkit::test::equiv {

struct ConvShape {
  std::int64_t n, h, w, c_in, c_out, kh, kw, stride_h, stride_w;
  Padding pad;
  std::int64_t dilation_h, dilation_w, groups;
};

// The sweep: every channel count of kChannels appears as c_in and as c_out (a rotation pairing,
// not the full cross product, except in the large sweep), each paired with a different geometry:
// odd sizes, 1x1 inputs and outputs, kernel = input, kernel > input, strides 1-3, asymmetric
// padding, dilation, groups and depthwise (multiplier 1 and 2), batch 1 and > 1.
std::vector<ConvShape> conv_shapes(Sweep sweep);

// A value written over the filled data of the argument named `arg` ("x", "w" or "dy"; ignored by
// the directions without it): the non-finite cases put infinities, NaNs and -0 where padding
// meets them (README, "Non-finite values").
struct ConvPlant {
  std::string arg;
  std::int64_t index;
  double value;
};

struct ConvCase {
  std::string name;
  ops::Conv2dProblem problem;  // as conv2d_forward / backward_data / backward_weights build it
  Data data;
  bool misaligned;
  std::vector<ConvPlant> plants = {};
};

struct ConvBiasCase {
  std::string name;
  ops::Conv2dBiasProblem problem;
  Data data;
  bool misaligned;
};

// Each shape with integer and real data, alternating aligned and unaligned buffers; with_bias:
// every other shape has a bias (forward only).
std::vector<ConvCase> conv_cases(Sweep sweep, bool with_bias);
std::vector<ConvBiasCase> conv_bias_cases(Sweep sweep);

namespace conv_detail {

template <class T>
void fill_inputs(Instance<T>& inst, Data data, RandomFill& rng, const std::vector<ConvPlant>& plants = {}) {
  for (auto& a : inst.args)
    if (a.role != Role::output) fill(data, rng, a.init);
  for (const ConvPlant& plant : plants)
    for (auto& a : inst.args)
      if (a.name == plant.arg && plant.index < static_cast<std::int64_t>(a.init.size()))
        a.init[static_cast<std::size_t>(plant.index)] = static_cast<T>(plant.value);
}

inline std::int64_t taps(const ops::Conv2dProblem& p) { return p.w.kh * p.w.kw; }

}  // namespace conv_detail

template <>
struct Harness<ops::Conv2dFwdOp> {
  using Op = ops::Conv2dFwdOp;
  using Case = ConvCase;
  static std::vector<Case> cases(Sweep sweep) { return conv_cases(sweep, true); }

  template <class T>
  static Instance<T> make(const Case& c, RandomFill& rng) {
    const auto& p = c.problem;
    Instance<T> inst;
    inst.misaligned = c.misaligned;
    inst.args.push_back(make_arg<T>("x", Role::input, nhwc_dims(p.x), "nhwc"));
    inst.args.push_back(make_arg<T>("w", Role::input, hwio_dims(p.w), "hwio"));
    if (p.has_bias) inst.args.push_back(make_arg<T>("b", Role::input, {p.w.c_out}, "o"));
    inst.args.push_back(make_arg<T>("y", Role::output, nhwc_dims(p.y), "nhwc"));
    conv_detail::fill_inputs(inst, c.data, rng, c.plants);
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
    const auto& p = c.problem;
    const auto s = reference_on_magnitudes<Op>(c, inst);
    return {dot_product_bound<T>(s[0], conv_detail::taps(p) * p.c_in_per_group() + (p.has_bias ? 1 : 0),
                                 "kh*kw*c_in/groups products + bias")};
  }
};

template <>
struct Harness<ops::Conv2dBwdDataOp> {
  using Op = ops::Conv2dBwdDataOp;
  using Case = ConvCase;
  static std::vector<Case> cases(Sweep sweep) { return conv_cases(sweep, false); }

  template <class T>
  static Instance<T> make(const Case& c, RandomFill& rng) {
    const auto& p = c.problem;
    Instance<T> inst;
    inst.misaligned = c.misaligned;
    inst.args.push_back(make_arg<T>("dy", Role::input, nhwc_dims(p.y), "nhwc"));
    inst.args.push_back(make_arg<T>("w", Role::input, hwio_dims(p.w), "hwio"));
    inst.args.push_back(make_arg<T>("dx", Role::output, nhwc_dims(p.x), "nhwc"));
    conv_detail::fill_inputs(inst, c.data, rng, c.plants);
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
    // A dx element gathers at most one tap per (output channel of its group, kernel position).
    return {dot_product_bound<T>(s[0], conv_detail::taps(c.problem) * c.problem.c_out_per_group(),
                                 "kh*kw*c_out/groups products")};
  }
};

template <>
struct Harness<ops::Conv2dBwdWeightsOp> {
  using Op = ops::Conv2dBwdWeightsOp;
  using Case = ConvCase;
  static std::vector<Case> cases(Sweep sweep) { return conv_cases(sweep, false); }

  template <class T>
  static Instance<T> make(const Case& c, RandomFill& rng) {
    const auto& p = c.problem;
    Instance<T> inst;
    inst.misaligned = c.misaligned;
    inst.args.push_back(make_arg<T>("x", Role::input, nhwc_dims(p.x), "nhwc"));
    inst.args.push_back(make_arg<T>("dy", Role::input, nhwc_dims(p.y), "nhwc"));
    inst.args.push_back(make_arg<T>("dw", Role::output, hwio_dims(p.w), "hwio"));
    conv_detail::fill_inputs(inst, c.data, rng, c.plants);
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
    const auto& y = c.problem.y;
    const auto s = reference_on_magnitudes<Op>(c, inst);
    return {dot_product_bound<T>(s[0], y.n * y.h * y.w, "n*oh*ow products")};
  }
};

template <>
struct Harness<ops::Conv2dBwdBiasOp> {
  using Op = ops::Conv2dBwdBiasOp;
  using Case = ConvBiasCase;
  static std::vector<Case> cases(Sweep sweep) { return conv_bias_cases(sweep); }

  template <class T>
  static Instance<T> make(const Case& c, RandomFill& rng) {
    Instance<T> inst;
    inst.misaligned = c.misaligned;
    inst.args.push_back(make_arg<T>("dy", Role::input, nhwc_dims(c.problem.dy), "nhwc"));
    inst.args.push_back(make_arg<T>("db", Role::output, {c.problem.dy.c}, "o"));
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
    if (c.data == Data::integers) return {Tolerance{}};
    const auto& dy = c.problem.dy;
    const auto s = reference_on_magnitudes<Op>(c, inst);
    return {dot_product_bound<T>(s[0], dy.n * dy.h * dy.w, "n*oh*ow terms")};
  }
};

}  // namespace cnnkit::test::equiv

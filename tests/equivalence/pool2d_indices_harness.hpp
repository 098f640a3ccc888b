// Equivalence harness of max pooling with saved indices: the forward's y and int32 indices, the
// backward's dx and bad-index report, every variant against the reference, exactly.
#pragma once

#include <span>
#include <vector>

#include "equivalence_driver.hpp"
#include "hostile_values.hpp"
#include "ops/pool2d/pool2d_indices_reference.hpp"
#include "ops/pool2d/pool2d_window.hpp"
#include "pool2d_harness.hpp"

namespace cnnkit::test::equiv {

// x for a max-pool case: the case's data, with hostile values (NaN payloads, +-0, +-inf) for specials.
template <class T>
std::vector<T> pool_indices_x(const PoolCase& c, RandomFill& rng) {
  std::vector<T> x(static_cast<std::size_t>(element_count(c.problem.x)));
  fill(c.data, rng, x);
  if (c.data == Data::specials) add_hostile_values(x, rng);
  return x;
}

// The reference forward's indices of x (what a forward pass saves).
template <class T>
std::vector<std::int32_t> reference_indices(const ops::Pool2dProblem& p, const std::vector<T>& x) {
  std::vector<T> y(static_cast<std::size_t>(element_count(p.y)));
  std::vector<std::int32_t> indices(y.size());
  ops::pool2d_fwd_indices_reference<T>(p, x.data(), y.data(), indices.data(), core::Exec{});
  return indices;
}

// A cell of the window right of (or below, or left of) output 0's that is not in output 0's window,
// or -1 when there is none (a single-window plane).
inline std::int64_t foreign_cell(const ops::Pool2dProblem& p, std::int64_t at) {
  const std::int64_t pixel = at / p.y.c % (p.y.h * p.y.w), oh = pixel / p.y.w, ow = pixel % p.y.w;
  const ops::PoolWindow mine = ops::pool_window(p, oh, ow);
  for (std::int64_t h = 0; h < p.x.h; ++h)
    for (std::int64_t w = 0; w < p.x.w; ++w)
      if (h < mine.h_begin || h >= mine.h_end || w < mine.w_begin || w >= mine.w_end) return h * p.x.w + w;
  return -1;
}

// Applies PoolCase::corrupt to saved indices.
inline void corrupt_indices(const PoolCase& c, std::vector<std::int32_t>& indices) {
  const auto last = static_cast<std::int64_t>(indices.size()) - 1;
  const std::int64_t plane = c.problem.x.h * c.problem.x.w;
  if (c.corrupt == 1) indices.front() = -1;
  if (c.corrupt == 2) indices.back() = static_cast<std::int32_t>(plane);
  if (c.corrupt == 3) {
    const std::int64_t at = last / 2;
    const std::int64_t cell = foreign_cell(c.problem, at);
    indices[static_cast<std::size_t>(at)] = static_cast<std::int32_t>(cell >= 0 ? cell : plane + 7);
  }
}

template <>
struct Harness<ops::Pool2dFwdIndicesOp> {
  using Op = ops::Pool2dFwdIndicesOp;
  using Case = PoolCase;
  static std::vector<Case> cases(Sweep sweep) { return pool_fwd_indices_cases(sweep); }

  template <class T>
  static Instance<T> make(const Case& c, RandomFill& rng) {
    Instance<T> inst;
    inst.misaligned = c.misaligned;
    inst.args.push_back(make_arg<T>("x", Role::input, nhwc_dims(c.problem.x), "nhwc"));
    inst.args.push_back(make_arg<T>("y", Role::output, nhwc_dims(c.problem.y), "nhwc"));
    inst.i32.push_back(make_arg<std::int32_t>("indices", Role::output, nhwc_dims(c.problem.y), "nhwc"));
    inst.args[0].init = pool_indices_x<T>(c, rng);
    return inst;
  }

  template <class T>
  static void call_ints(typename Op::template Fn<T>* fn, const Case& c, std::span<T* const> a,
                        std::span<std::int32_t* const> i32, std::span<std::int64_t* const>, const core::Exec& exec) {
    fn(c.problem, a[0], a[1], i32[0], exec);
  }

  // A selection: the same bits (and the same indices) on any data.
  template <class T>
  static std::vector<Tolerance> tolerances(const Case&, const Instance<T>&) {
    return {Tolerance::bits()};
  }
};

template <>
struct Harness<ops::Pool2dBwdIndicesOp> {
  using Op = ops::Pool2dBwdIndicesOp;
  using Case = PoolCase;
  static std::vector<Case> cases(Sweep sweep) { return pool_bwd_indices_cases(sweep); }

  template <class T>
  static Instance<T> make(const Case& c, RandomFill& rng) {
    Instance<T> inst;
    inst.misaligned = c.misaligned;
    inst.args.push_back(make_arg<T>("dy", Role::input, nhwc_dims(c.problem.y), "nhwc"));
    inst.args.push_back(make_arg<T>("dx", Role::output, nhwc_dims(c.problem.x), "nhwc"));
    inst.i32.push_back(make_arg<std::int32_t>("indices", Role::input, nhwc_dims(c.problem.y), "nhwc"));
    inst.i64.push_back(make_arg<std::int64_t>("bad", Role::output, {1}, "i"));
    inst.i32[0].init = reference_indices<T>(c.problem, pool_indices_x<T>(c, rng));
    corrupt_indices(c, inst.i32[0].init);
    // Special data puts NaN payloads and infinities in dy too: a dx cell two windows credit keeps
    // the first NaN, as in the x-based backward.
    fill(c.data, rng, inst.args[0].init);
    if (c.data == Data::specials) add_hostile_values(inst.args[0].init, rng);
    return inst;
  }

  template <class T>
  static void call_ints(typename Op::template Fn<T>* fn, const Case& c, std::span<T* const> a,
                        std::span<std::int32_t* const> i32, std::span<std::int64_t* const> i64, const core::Exec& exec) {
    fn(c.problem, i32[0], a[0], a[1], i64[0], exec);
  }

  // Each dx cell sums its windows' gradients in the reference's order: the same bits.
  template <class T>
  static std::vector<Tolerance> tolerances(const Case&, const Instance<T>&) {
    return {Tolerance::bits()};
  }
};

}  // namespace cnnkit::test::equiv

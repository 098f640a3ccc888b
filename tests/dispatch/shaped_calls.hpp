// One public conv2d or pool2d call on a shape a test chooses, returning the variant dispatch ran:
// for the tests of which entry a shape class lands on (selection rules, the SIMD-tier guard).
// Inputs are small integers, so every variant's result is exact; only the choice is of interest.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "cnnkit/cnnkit.hpp"

namespace cnnkit::test {

template <class T>
std::vector<T> ramp(std::int64_t n) {
  std::vector<T> v(static_cast<std::size_t>(n));
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = static_cast<T>(static_cast<int>(i * 7 % 13) - 6);
  return v;
}

inline std::int64_t count(const NhwcShape& s) { return s.n * s.h * s.w * s.c; }
inline std::int64_t count(const HwioShape& s) { return s.kh * s.kw * s.c_in_per_group * s.c_out; }

// Runs one conv direction on (x, w, params) under ctx.
template <class T = float>
std::string run_conv(OpId op, NhwcShape xs, HwioShape ws, const Conv2dParams& cp, const Context& ctx) {
  const NhwcShape ys = conv2d_output_shape(xs, ws, cp);
  auto x = ramp<T>(count(xs)), w = ramp<T>(count(ws)), y = ramp<T>(count(ys));
  if (op == OpId::conv2d_fwd)
    conv2d_forward<T>({x.data(), xs}, {w.data(), ws}, {}, {y.data(), ys}, cp, ctx);
  else if (op == OpId::conv2d_bwd_data)
    conv2d_backward_data<T>({y.data(), ys}, {w.data(), ws}, {x.data(), xs}, cp, ctx);
  else
    conv2d_backward_weights<T>({x.data(), xs}, {y.data(), ys}, {w.data(), ws}, cp, ctx);
  return last_variant(op);
}

// Pooling forward or backward on x with params pp under ctx.
template <class T = float>
std::string run_pool(bool backward, NhwcShape xs, const Pool2dParams& pp, const Context& ctx) {
  const NhwcShape ys = pool2d_output_shape(xs, pp);
  auto x = ramp<T>(count(xs)), y = ramp<T>(count(ys)), dx = ramp<T>(count(xs));
  if (!backward) {
    pool2d_forward<T>({x.data(), xs}, {y.data(), ys}, pp, ctx);
    return last_variant(OpId::pool2d_fwd);
  }
  pool2d_backward<T>({x.data(), xs}, {y.data(), ys}, {dx.data(), xs}, pp, ctx);
  return last_variant(OpId::pool2d_bwd);
}

// The same with disjoint k x k windows (stride k).
template <class T = float>
std::string run_pool(bool backward, PoolMode mode, NhwcShape xs, std::int64_t k, const Context& ctx) {
  Pool2dParams pp;
  pp.mode = mode;
  pp.kernel_h = pp.kernel_w = pp.stride_h = pp.stride_w = k;
  return run_pool<T>(backward, xs, pp, ctx);
}

// Max pooling with saved indices (params pp, or k x k / stride k windows): the forward, then the
// backward from its indices; returns the two last variants.
template <class T = float>
std::pair<std::string, std::string> run_pool_indices(NhwcShape xs, const Pool2dParams& pp, const Context& ctx) {
  const NhwcShape ys = pool2d_output_shape(xs, pp);
  auto x = ramp<T>(count(xs)), y = ramp<T>(count(ys)), dx = ramp<T>(count(xs));
  std::vector<std::int32_t> indices(static_cast<std::size_t>(count(ys)));
  pool2d_forward<T>({x.data(), xs}, {y.data(), ys}, {indices.data(), ys}, pp, ctx);
  pool2d_backward<T>(NhwcView<const std::int32_t>{indices.data(), ys}, {y.data(), ys}, {dx.data(), xs}, pp, ctx);
  return {last_variant(OpId::pool2d_fwd_indices), last_variant(OpId::pool2d_bwd_indices)};
}

template <class T = float>
std::pair<std::string, std::string> run_pool_indices(NhwcShape xs, std::int64_t k, const Context& ctx) {
  Pool2dParams pp;
  pp.kernel_h = pp.kernel_w = pp.stride_h = pp.stride_w = k;
  return run_pool_indices<T>(xs, pp, ctx);
}

}  // namespace cnnkit::test

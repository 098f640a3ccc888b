// The case builders, one per op family: each draws a geometry (valid, or hostile when the input
// says so), parameters and tensor contents, and returns the Case that calls the op through the
// API the settings name. fuzz_main.cpp picks the op; fuzz_run.cpp checks the case.
#pragma once

#include "fuzz_case.hpp"

namespace cnnkit::fuzz {

// conv2d_fwd and conv2d_bwd_data (plain or prepacked weights), conv2d_bwd_weights, conv2d_bwd_bias.
template <class T>
Case conv2d_case(FuzzInput& in, OpId op);

// pool2d_fwd, pool2d_bwd (max and average, every option).
template <class T>
Case pool2d_case(FuzzInput& in, OpId op);

// relu_fwd, relu_bwd (in place or not), pad.
template <class T>
Case eltwise_case(FuzzInput& in, OpId op);

// dense_fwd, dense_bwd_data, dense_bwd_weights, dense_bwd_bias; dense_backward (all three, some
// outputs left out) under the registry of its first requested output.
template <class T>
Case dense_case(FuzzInput& in, OpId op);

// softmax_xent (probability rows or class indices, with or without the gradient), adam.
template <class T>
Case training_case(FuzzInput& in, OpId op);

// The seeds' helpers: conv_single_step (conv2d_fwd), create_mask_from_window and
// distribute_value (pool2d_bwd).
template <class T>
Case seed_helper_case(FuzzInput& in);

// The geometry functions (output sizes, same_padding) on hostile arguments: each result is
// checked against exact 128-bit arithmetic, each failure must be a cnnkit::Error.
void check_geometry(FuzzInput& in);

// Shapes drawn for the builders.
NhwcShape draw_nhwc(FuzzInput& in, std::int64_t max_side, std::int64_t max_c);
inline cnnkit_nhwc c_shape(const NhwcShape& s) { return {s.n, s.h, s.w, s.c}; }
inline cnnkit_hwio c_shape(const HwioShape& s) { return {s.kh, s.kw, s.c_in_per_group, s.c_out}; }
inline cnnkit_padding c_pad(const Padding& p) { return {p.top, p.bottom, p.left, p.right}; }
inline cnnkit_matrix c_matrix(std::int64_t rows, std::int64_t cols) { return {rows, cols}; }
inline std::int64_t count_of(const NhwcShape& s) { return checked_count({s.n, s.h, s.w, s.c}); }
inline std::int64_t count_of(const HwioShape& s) { return checked_count({s.kh, s.kw, s.c_in_per_group, s.c_out}); }

// a*b as the caller's own (wrapping) arithmetic would give it: hostile shapes may be inconsistent.
inline std::int64_t wrapping_product(std::int64_t a, std::int64_t b) {
  std::int64_t r;
  __builtin_mul_overflow(a, b, &r);
  return r;
}

std::string describe_shape(const NhwcShape& s);
std::string describe_shape(const HwioShape& s);

// In a hostile case, sometimes one field of a shape the caller passes is wrong.
NhwcShape maybe_wrong(FuzzInput& in, NhwcShape s);

}  // namespace cnnkit::fuzz

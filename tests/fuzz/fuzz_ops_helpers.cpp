// The seeds' helpers, the geometry functions and the shape draws the other builders share.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string>

#include "fuzz_c_abi.hpp"
#include "fuzz_ops.hpp"

namespace cnnkit::fuzz {
namespace {

// conv_single_step's C element count: f_h * f_w * channels, or 0 when that is not a valid count
// (the library then reports the bad dimension, as the C++ API does).
std::int64_t slice_size(std::int64_t rows, std::int64_t cols, std::int64_t channels) {
  std::int64_t n = 0;
  if (rows <= 0 || cols <= 0 || channels <= 0 || __builtin_mul_overflow(rows, cols, &n) ||
      __builtin_mul_overflow(n, channels, &n))
    return 0;
  return n;
}

}  // namespace

NhwcShape draw_nhwc(FuzzInput& in, std::int64_t max_side, std::int64_t max_c) {
  return {in.size(1, 3), in.size(1, max_side), in.size(1, max_side), in.size(1, max_c)};
}

NhwcShape maybe_wrong(FuzzInput& in, NhwcShape s) {
  if (!in.hostile() || in.pick<int>(0, 3) != 0) return s;
  std::int64_t* field[] = {&s.n, &s.h, &s.w, &s.c};
  *field[in.pick<int>(0, 3)] = in.flag() ? in.extreme() : in.pick<std::int64_t>(0, 13);
  return s;
}

std::string describe_shape(const NhwcShape& s) {
  return "(" + std::to_string(s.n) + "," + std::to_string(s.h) + "," + std::to_string(s.w) + "," +
         std::to_string(s.c) + ")";
}
std::string describe_shape(const HwioShape& s) {
  return "(" + std::to_string(s.kh) + "," + std::to_string(s.kw) + "," + std::to_string(s.c_in_per_group) + "," +
         std::to_string(s.c_out) + ")";
}

template <class T>
Case seed_helper_case(FuzzInput& in) {
  Case c;
  c.dtype = std::is_same_v<T, float> ? DType::f32 : DType::f64;
  const std::int64_t rows = in.size(1, 6), cols = in.size(1, 6);
  const std::int64_t count = checked_count({rows, cols});
  switch (in.pick<int>(0, 2)) {
    case 0: {  // conv_single_step: one window of a convolution
      const std::int64_t channels = in.size(1, 8);
      const std::int64_t n = checked_count({rows, cols, channels});
      const T bias = special_value<T>(in.pick<int>(0, 15), in.bits64());
      c.op = OpId::conv2d_fwd;
      c.tensors.push_back(input_tensor<T>("a_slice", n, in));
      c.tensors.push_back(input_tensor<T>("weights", n, in));
      c.tensors.push_back(output_tensor<T>("z", 1));
      c.tensors[0].abs_for_bound = c.tensors[1].abs_for_bound = true;
      c.tensors[2].compare = Compare::linear;
      c.tensors[2].terms = plus_one(n);
      c.what = "conv_single_step " + std::to_string(rows) + "x" + std::to_string(cols) + "x" + std::to_string(channels);
      c.call = [=](const Settings& s, const RunBuffers& b) {
        // The bound run adds |bias| (0 if not finite), as it makes every tensor factor |v|.
        const T z0 = !b.abs_inputs ? bias : std::isfinite(bias) ? std::fabs(bias) : T(0);
        if (s.api == Api::cpp)
          return capture([&] { *b.get<T>(2) = conv_single_step<T>(b.get<T>(0), b.get<T>(1), z0, rows, cols, channels, s.ctx); });
        return from_c(CAbi<T>::conv_single_step(s.c_ctx, b.get<T>(0), slice_size(rows, cols, channels), b.get<T>(1),
                                                  slice_size(rows, cols, channels), z0, b.get<T>(2), rows, cols,
                                                  channels));
      };
      break;
    }
    case 1: {  // create_mask_from_window: max-pool backward of one window
      const TiePolicy ties = static_cast<TiePolicy>(in.hostile() && in.pick<int>(0, 7) == 0 ? 9 : in.pick<int>(0, 1));
      c.op = OpId::pool2d_bwd;
      c.tensors.push_back(input_tensor<T>("x", count, in));
      c.tensors.push_back(output_tensor<T>("mask", count));
      c.what = "create_mask_from_window " + std::to_string(rows) + "x" + std::to_string(cols);
      c.call = [=](const Settings& s, const RunBuffers& b) {
        if (s.api == Api::cpp)
          return capture([&] { create_mask_from_window<T>({b.get<T>(0), rows, cols}, {b.get<T>(1), rows, cols}, ties, s.ctx); });
        return from_c(CAbi<T>::create_mask_from_window(s.c_ctx, b.get<T>(0), c_matrix(rows, cols), b.get<T>(1),
                                                         c_matrix(rows, cols), static_cast<int32_t>(ties)));
      };
      break;
    }
    default: {  // distribute_value: average-pool backward of one window
      const T dz = special_value<T>(in.pick<int>(0, 15), in.bits64());
      c.op = OpId::pool2d_bwd;
      c.tensors.push_back(output_tensor<T>("out", count));
      c.what = "distribute_value " + std::to_string(rows) + "x" + std::to_string(cols);
      c.call = [=](const Settings& s, const RunBuffers& b) {
        if (s.api == Api::cpp) return capture([&] { distribute_value<T>(dz, {b.get<T>(0), rows, cols}, s.ctx); });
        return from_c(CAbi<T>::distribute_value(s.c_ctx, dz, b.get<T>(0), c_matrix(rows, cols)));
      };
      break;
    }
  }
  return c;
}

template Case seed_helper_case<float>(FuzzInput&);
template Case seed_helper_case<double>(FuzzInput&);

namespace {

using i128 = __int128;

[[noreturn]] void geometry_finding(const std::string& what) {
  std::fprintf(stderr, "\nFUZZ FINDING (geometry): %s\n", what.c_str());
  std::abort();
}

template <class F>
bool succeeds(F&& f) {
  try {
    f();
    return true;
  } catch (const Error& e) {
    if (e.status() != Status::invalid_argument) geometry_finding(std::string("unexpected status: ") + e.what());
    return false;
  }
}

}  // namespace

void check_geometry(FuzzInput& in) {
  in.set_hostile(true);
  const std::int64_t size = in.size(1, 100), k = in.size(1, 9), s = in.size(1, 5), d = in.size(1, 4),
                     pb = in.size(0, 8), pa = in.size(0, 8);
  const std::string args = "(" + std::to_string(size) + ", k " + std::to_string(k) + ", s " + std::to_string(s) +
                           ", pads " + std::to_string(pb) + "," + std::to_string(pa) + ", d " + std::to_string(d) + ")";
  // Each function checks only its own arguments: same_padding takes no pads, pooling no dilation.
  const bool same_valid = size > 0 && k > 0 && s > 0 && d > 0;
  const bool args_valid = same_valid && pb >= 0 && pa >= 0;
  const bool pool_valid = size > 0 && k > 0 && s > 0 && pb >= 0 && pa >= 0;
  // conv_output_size against exact arithmetic.
  std::int64_t out = 0;
  if (succeeds([&] { out = conv_output_size(size, k, s, pb, pa, d); })) {
    const i128 span = i128(d) * (k - 1) + 1, padded = i128(size) + pb + pa;
    if (!args_valid || padded < span || out != static_cast<std::int64_t>((padded - span) / s + 1))
      geometry_finding("conv_output_size" + args + " = " + std::to_string(out));
  } else if (args_valid && i128(d) * (k - 1) + 1 <= i128(size) + pb + pa &&
             i128(size) + pb + pa <= INT64_MAX) {
    geometry_finding("conv_output_size" + args + " rejected valid arguments");
  }
  // pool_output_size: floor mode against exact arithmetic.
  if (succeeds([&] { out = pool_output_size(size, k, s, pb, pa, false); })) {
    const i128 padded = i128(size) + pb + pa;
    if (!pool_valid || pb >= k || pa >= k || padded < k || out != static_cast<std::int64_t>((padded - k) / s + 1))
      geometry_finding("pool_output_size" + args + " = " + std::to_string(out));
  }
  // same_padding: the padded output is ceil(in / stride) and the pads differ by at most one.
  Padding p;
  if (succeeds([&] { p = same_padding(size, size, k, k, s, s, d, d); })) {
    const i128 span = i128(d) * (k - 1) + 1, padded = i128(size) + p.top + p.bottom;
    const i128 want = (i128(size) + s - 1) / s;
    if (!same_valid || p.top < 0 || p.bottom < p.top || p.bottom - p.top > 1 || p.top != p.left ||
        (padded >= span && (padded - span) / s + 1 != want))
      geometry_finding("same_padding" + args + " = " + std::to_string(p.top) + "," + std::to_string(p.bottom));
  }
}

}  // namespace cnnkit::fuzz

// Pooling cases: max and average, forward and backward, every option (four-sided padding, ceil
// mode, count_include_pad, tie policy); the outputs must be the reference's bits, NaN payloads included.
#include <algorithm>
#include <vector>

#include "fuzz_c_abi.hpp"
#include "fuzz_ops.hpp"

namespace cnnkit::fuzz {
namespace {

cnnkit_pool2d_params c_params(const Pool2dParams& p) {
  cnnkit_pool2d_params c{};
  c.kernel_h = p.kernel_h;
  c.kernel_w = p.kernel_w;
  c.stride_h = p.stride_h;
  c.stride_w = p.stride_w;
  c.pad = c_pad(p.pad);
  c.mode = static_cast<int32_t>(p.mode);
  c.ceil_mode = p.ceil_mode ? 1 : 0;
  c.count_include_pad = p.count_include_pad ? 1 : 0;
  c.ties = static_cast<int32_t>(p.ties);
  return c;
}

// The int32 indices buffer for output shape y, sized as output_tensor sizes y's (a hostile shape
// gets a small buffer: the op must reject it without touching memory).
std::size_t index_count(const NhwcShape& y) {
  return static_cast<std::size_t>(std::clamp<std::int64_t>(count_of(y), 1, max_alloc));
}

}  // namespace

template <class T>
Case pool2d_case(FuzzInput& in, OpId op) {
  Pool2dParams p;
  p.mode = static_cast<PoolMode>(in.hostile() && in.pick<int>(0, 7) == 0 ? 7 : in.pick<int>(0, 1));
  p.kernel_h = in.size(1, 4);
  p.kernel_w = in.size(1, 4);
  p.stride_h = in.size(1, 4);
  p.stride_w = in.size(1, 4);
  // Pads must be smaller than the kernel; a hostile case may break that.
  const auto pad = [&](std::int64_t k) { return in.hostile() ? in.size(0, 3) : in.pick<std::int64_t>(0, k - 1); };
  p.pad = {pad(p.kernel_h), pad(p.kernel_h), pad(p.kernel_w), pad(p.kernel_w)};
  p.ceil_mode = in.flag();
  p.count_include_pad = in.flag();
  p.ties = static_cast<TiePolicy>(in.hostile() && in.pick<int>(0, 7) == 0 ? -1 : in.pick<int>(0, 1));
  const NhwcShape x = draw_nhwc(in, 12, 40);
  NhwcShape y;
  try {
    y = pool2d_output_shape(x, p);
  } catch (const Error&) {
    y = {x.n, 1, 1, x.c};
  }
  y = maybe_wrong(in, y);

  Case c;
  c.op = op;
  c.dtype = std::is_same_v<T, float> ? DType::f32 : DType::f64;
  const cnnkit_pool2d_params cp = c_params(p);
  if (op == OpId::pool2d_fwd) {
    c.tensors.push_back(input_tensor<T>("x", count_of(x), in));
    c.tensors.push_back(output_tensor<T>("y", count_of(y)));
    c.what = "pool2d_forward";
    c.call = [x, y, p, cp](const Settings& s, const RunBuffers& b) {
      if (s.api == Api::cpp) return capture([&] { pool2d_forward<T>({b.get<T>(0), x}, {b.get<T>(1), y}, p, s.ctx); });
      return from_c(CAbi<T>::pool2d_forward(s.c_ctx, b.get<T>(0), c_shape(x), b.get<T>(1), c_shape(y), &cp));
    };
  } else if (op == OpId::pool2d_fwd_indices) {
    // The indices come back as T values (exact: fuzz planes are far below 2^24 cells) in a third
    // tensor, so the reference run checks them bit for bit; they are copied only after a success,
    // since a rejected call must leave every output untouched.
    c.tensors.push_back(input_tensor<T>("x", count_of(x), in));
    c.tensors.push_back(output_tensor<T>("y", count_of(y)));
    c.tensors.push_back(output_tensor<T>("indices", count_of(y)));
    c.what = "pool2d_forward (indices)";
    c.call = [x, y, p, cp](const Settings& s, const RunBuffers& b) {
      std::vector<std::int32_t> indices(index_count(y));
      const Outcome o =
          s.api == Api::cpp
              ? capture([&] {
                  pool2d_forward<T>({b.get<T>(0), x}, {b.get<T>(1), y}, {indices.data(), y}, p, s.ctx);
                })
              : from_c(CAbi<T>::pool2d_forward_indices(s.c_ctx, b.get<T>(0), c_shape(x), b.get<T>(1), c_shape(y),
                                                       indices.data(), c_shape(y), &cp));
      if (o.status == Status::ok && count_of(y) == static_cast<std::int64_t>(indices.size()))
        for (std::size_t i = 0; i < indices.size(); ++i) b.get<T>(2)[i] = static_cast<T>(indices[i]);
      return o;
    };
  } else if (op == OpId::pool2d_bwd_indices) {
    // The backward from the indices a forward (dispatch's choice) saved from x; when the forward
    // rejects the geometry the backward gets zeros, and must reject it as well.
    c.tensors.push_back(input_tensor<T>("x", count_of(x), in));
    c.tensors.push_back(input_tensor<T>("dy", count_of(y), in));
    c.tensors.push_back(output_tensor<T>("dx", count_of(x)));
    c.what = "pool2d_backward (indices)";
    c.call = [x, y, p, cp](const Settings& s, const RunBuffers& b) {
      std::vector<std::int32_t> indices(index_count(y));
      std::vector<T> y_values(indices.size());
      capture([&] { pool2d_forward<T>({b.get<T>(0), x}, {y_values.data(), y}, {indices.data(), y}, p); });
      if (s.api == Api::cpp)
        return capture([&] {
          pool2d_backward<T>(NhwcView<const std::int32_t>{indices.data(), y}, {b.get<T>(1), y}, {b.get<T>(2), x}, p,
                             s.ctx);
        });
      return from_c(CAbi<T>::pool2d_backward_indices(s.c_ctx, indices.data(), c_shape(y), b.get<T>(1), c_shape(y),
                                                     b.get<T>(2), c_shape(x), &cp));
    };
  } else {
    // Average pooling reads only x's shape: sometimes pass no data.
    const bool no_x = p.mode == PoolMode::avg && in.flag();
    c.tensors.push_back(input_tensor<T>("x", no_x ? 0 : count_of(x), in));
    c.tensors.push_back(input_tensor<T>("dy", count_of(y), in));
    c.tensors.push_back(output_tensor<T>("dx", count_of(x)));
    c.what = no_x ? "pool2d_backward (x absent)" : "pool2d_backward";
    c.call = [x, y, p, cp, no_x](const Settings& s, const RunBuffers& b) {
      const T* xd = no_x ? nullptr : b.get<T>(0);
      if (s.api == Api::cpp)
        return capture([&] { pool2d_backward<T>({xd, x}, {b.get<T>(1), y}, {b.get<T>(2), x}, p, s.ctx); });
      return from_c(CAbi<T>::pool2d_backward(s.c_ctx, xd, c_shape(x), b.get<T>(1), c_shape(y), b.get<T>(2), c_shape(x), &cp));
    };
  }
  c.what += std::string(p.mode == PoolMode::max ? " max" : p.mode == PoolMode::avg ? " avg" : " bad-mode") + " x " +
            describe_shape(x) + " y " + describe_shape(y) + " kernel " + std::to_string(p.kernel_h) + "x" +
            std::to_string(p.kernel_w) + " stride " + std::to_string(p.stride_h) + "x" + std::to_string(p.stride_w) +
            " pad " + std::to_string(p.pad.top) + "," + std::to_string(p.pad.bottom) + "," +
            std::to_string(p.pad.left) + "," + std::to_string(p.pad.right) + (p.ceil_mode ? " ceil" : "") +
            (p.count_include_pad ? " count_include_pad" : "") +
            (p.ties == TiePolicy::all ? " ties=all" : "");
  return c;
}

template Case pool2d_case<float>(FuzzInput&, OpId);
template Case pool2d_case<double>(FuzzInput&, OpId);

}  // namespace cnnkit::fuzz

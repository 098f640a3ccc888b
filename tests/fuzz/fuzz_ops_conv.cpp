// Convolution cases: every direction, every parameter (stride, four-sided padding, dilation,
// groups), plain and prepacked weights (forward and backward data), the fused epilogues (forward +
// relu, backward weights + bias); sums of products, so compared within the rounding bound (relu
// moves no two values further apart, so its outputs keep the bound).
#include <optional>

#include "fuzz_c_abi.hpp"
#include "fuzz_ops.hpp"

namespace cnnkit::fuzz {
namespace {

struct ConvGeometry {
  NhwcShape x, y;
  HwioShape w;
  Conv2dParams p;
};

Padding same_padding_or_zero(const ConvGeometry& g) {
  try {
    return same_padding(g.x.h, g.x.w, g.w.kh, g.w.kw, g.p.stride_h, g.p.stride_w, g.p.dilation_h, g.p.dilation_w);
  } catch (const Error&) {
    return {};
  }
}

ConvGeometry draw_conv(FuzzInput& in) {
  ConvGeometry g;
  g.p.groups = in.flag() ? 1 : in.size(1, 4);
  const std::int64_t cig = in.size(1, 9), cog = in.size(1, 9);
  g.x = {in.size(1, 3), in.size(1, 12), in.size(1, 12), wrapping_product(cig, g.p.groups)};
  g.w = {in.size(1, 5), in.size(1, 5), cig, wrapping_product(cog, g.p.groups)};
  g.p.stride_h = in.size(1, 4);
  g.p.stride_w = in.size(1, 4);
  g.p.dilation_h = in.flag() ? 1 : in.size(1, 3);
  g.p.dilation_w = in.flag() ? 1 : in.size(1, 3);
  if (in.pick<int>(0, 3) == 0) {
    g.p.pad = same_padding_or_zero(g);
  } else {
    g.p.pad = {in.size(0, 4), in.size(0, 4), in.size(0, 4), in.size(0, 4)};
  }
  try {
    g.y = conv2d_output_shape(g.x, g.w, g.p);
  } catch (const Error&) {
    g.y = {g.x.n, 1, 1, g.w.c_out};  // invalid geometry: the op must reject it
  }
  g.y = maybe_wrong(in, g.y);
  return g;
}

template <class T>
Case forward(FuzzInput& in, const ConvGeometry& g) {
  Case c;
  const bool bias = in.flag(), packed = in.pick<int>(0, 3) == 0;
  // The relu epilogue on a third of the calls; hostile inputs also try epilogue values that are
  // not one (the op must reject them).
  const int epilogue = in.pick<int>(0, 2) != 0 ? 0 : (in.hostile() && in.flag() ? in.pick<int>(-1, 3) : 1);
  c.tensors.push_back(input_tensor<T>("x", count_of(g.x), in));
  c.tensors.push_back(input_tensor<T>("w", count_of(g.w), in));
  c.tensors.push_back(input_tensor<T>("bias", bias ? g.w.c_out : 0, in));
  c.tensors.push_back(output_tensor<T>("y", count_of(g.y)));
  for (int i = 0; i < 3; ++i) c.tensors[i].abs_for_bound = true;
  c.tensors[3].compare = Compare::linear;
  c.tensors[3].terms = plus_one(checked_count({g.w.kh, g.w.kw, g.w.c_in_per_group}));
  c.what = std::string(packed ? "conv2d_forward (prepacked)" : "conv2d_forward") +
           (epilogue ? " epilogue " + std::to_string(epilogue) : "");
  c.call = [g, bias, packed, epilogue](const Settings& s, const RunBuffers& b) {
    const auto e = static_cast<Conv2dEpilogue>(epilogue);
    const T *x = b.get<T>(0), *w = b.get<T>(1), *bs = bias ? b.get<T>(2) : nullptr;
    T* y = b.get<T>(3);
    if (s.api == Api::cpp) {
      return capture([&] {
        const VectorView<const T> bv(bs, bias ? g.w.c_out : 0);
        if (packed) {
          const Conv2dPackedWeights<T> pw(HwioView<const T>(w, g.w), g.p.groups, s.ctx);
          conv2d_forward<T>({x, g.x}, pw, bv, {y, g.y}, g.p, e, s.ctx);
        } else {
          conv2d_forward<T>({x, g.x}, {w, g.w}, bv, {y, g.y}, g.p, e, s.ctx);
        }
      });
    }
    const cnnkit_conv2d_params cp{g.p.stride_h, g.p.stride_w, c_pad(g.p.pad), g.p.dilation_h, g.p.dilation_w,
                                  g.p.groups};
    if (!packed)
      return from_c(CAbi<T>::conv2d_forward_epilogue(s.c_ctx, x, c_shape(g.x), w, c_shape(g.w), bs, bias ? g.w.c_out : 0, y,
                                                     c_shape(g.y), &cp, epilogue));
    cnnkit_conv2d_packed_weights* pw = nullptr;
    const cnnkit_status st = CAbi<T>::conv2d_pack_weights(s.c_ctx, w, c_shape(g.w), &pw, g.p.groups);
    if (st != CNNKIT_STATUS_OK) return from_c(st);
    const Outcome o = from_c(
        CAbi<T>::conv2d_forward_packed_epilogue(s.c_ctx, x, c_shape(g.x), pw, bs, bias ? g.w.c_out : 0, y,
                                                c_shape(g.y), &cp, epilogue));
    cnnkit_conv2d_packed_weights_destroy(pw);
    return o;
  };
  return c;
}

template <class T>
Case backward_data(FuzzInput& in, const ConvGeometry& g) {
  Case c;
  c.tensors.push_back(input_tensor<T>("dy", count_of(g.y), in));
  c.tensors.push_back(input_tensor<T>("w", count_of(g.w), in));
  c.tensors.push_back(output_tensor<T>("dx", count_of(g.x)));
  // Drawn after the tensors, so the corpus's inputs still decode to the tensors they did.
  const bool packed = in.pick<int>(0, 3) == 0;
  c.tensors[0].abs_for_bound = c.tensors[1].abs_for_bound = true;
  c.tensors[2].compare = Compare::linear;
  c.tensors[2].terms = checked_count({g.w.kh, g.w.kw, g.p.groups > 0 ? g.w.c_out / g.p.groups : 1});
  c.what = std::string(packed ? "conv2d_backward_data (prepacked)" : "conv2d_backward_data");
  c.call = [g, packed](const Settings& s, const RunBuffers& b) {
    const T *dy = b.get<T>(0), *w = b.get<T>(1);
    T* dx = b.get<T>(2);
    if (s.api == Api::cpp) {
      return capture([&] {
        if (packed) {
          const Conv2dBackwardDataPackedWeights<T> pw(HwioView<const T>(w, g.w), g.p.groups, s.ctx);
          conv2d_backward_data<T>({dy, g.y}, pw, {dx, g.x}, g.p, s.ctx);
        } else {
          conv2d_backward_data<T>({dy, g.y}, {w, g.w}, {dx, g.x}, g.p, s.ctx);
        }
      });
    }
    const cnnkit_conv2d_params cp{g.p.stride_h, g.p.stride_w, c_pad(g.p.pad), g.p.dilation_h, g.p.dilation_w,
                                  g.p.groups};
    if (!packed)
      return from_c(CAbi<T>::conv2d_backward_data(s.c_ctx, w, c_shape(g.w), dy, c_shape(g.y), dx, c_shape(g.x), &cp));
    cnnkit_conv2d_bwd_data_packed_weights* pw = nullptr;
    const cnnkit_status st = CAbi<T>::conv2d_pack_bwd_data_weights(s.c_ctx, w, c_shape(g.w), &pw, g.p.groups);
    if (st != CNNKIT_STATUS_OK) return from_c(st);
    const Outcome o =
        from_c(CAbi<T>::conv2d_backward_data_packed(s.c_ctx, pw, dy, c_shape(g.y), dx, c_shape(g.x), &cp));
    cnnkit_conv2d_bwd_data_packed_weights_destroy(pw);
    return o;
  };
  return c;
}

template <class T>
Case backward_weights(FuzzInput& in, const ConvGeometry& g) {
  Case c;
  // A third of the calls also take db, fused (conv2d_backward_weights_bias); hostile inputs may
  // give it a wrong size.
  const bool fused = in.pick<int>(0, 2) == 0;
  const std::int64_t db_size = !fused ? 0 : in.hostile() && in.flag() ? in.size(0, 9) : g.y.c;
  c.tensors.push_back(input_tensor<T>("x", count_of(g.x), in));
  c.tensors.push_back(input_tensor<T>("dy", count_of(g.y), in));
  c.tensors.push_back(output_tensor<T>("dw", count_of(g.w)));
  c.tensors[0].abs_for_bound = c.tensors[1].abs_for_bound = true;
  c.tensors[2].compare = Compare::linear;
  c.tensors[2].terms = checked_count({g.y.n, g.y.h, g.y.w});
  if (fused) {
    c.tensors.push_back(output_tensor<T>("db", db_size));
    c.tensors[3].compare = Compare::linear;
    c.tensors[3].terms = c.tensors[2].terms;
  }
  c.what = fused ? "conv2d_backward_weights_bias" : "conv2d_backward_weights";
  c.call = [g, fused, db_size](const Settings& s, const RunBuffers& b) {
    const T *x = b.get<T>(0), *dy = b.get<T>(1);
    T* dw = b.get<T>(2);
    T* db = fused ? b.get<T>(3) : nullptr;
    if (s.api == Api::cpp)
      return capture([&] {
        if (fused)
          conv2d_backward_weights_bias<T>({x, g.x}, {dy, g.y}, {dw, g.w}, {db, db_size}, g.p, s.ctx);
        else
          conv2d_backward_weights<T>({x, g.x}, {dy, g.y}, {dw, g.w}, g.p, s.ctx);
      });
    const cnnkit_conv2d_params cp{g.p.stride_h, g.p.stride_w, c_pad(g.p.pad), g.p.dilation_h, g.p.dilation_w,
                                  g.p.groups};
    if (fused)
      return from_c(CAbi<T>::conv2d_backward_weights_bias(s.c_ctx, x, c_shape(g.x), dy, c_shape(g.y), dw,
                                                          c_shape(g.w), db, db_size, &cp));
    return from_c(CAbi<T>::conv2d_backward_weights(s.c_ctx, x, c_shape(g.x), dy, c_shape(g.y), dw, c_shape(g.w), &cp));
  };
  return c;
}

template <class T>
Case backward_bias(FuzzInput& in, const ConvGeometry& g) {
  Case c;
  const std::int64_t db_size = in.hostile() && in.flag() ? in.size(0, 9) : g.y.c;
  c.tensors.push_back(input_tensor<T>("dy", count_of(g.y), in));
  c.tensors.push_back(output_tensor<T>("db", db_size));
  c.tensors[0].abs_for_bound = true;
  c.tensors[1].compare = Compare::linear;
  c.tensors[1].terms = checked_count({g.y.n, g.y.h, g.y.w});
  c.what = "conv2d_backward_bias";
  c.call = [g, db_size](const Settings& s, const RunBuffers& b) {
    const T* dy = b.get<T>(0);
    T* db = b.get<T>(1);
    if (s.api == Api::cpp) return capture([&] { conv2d_backward_bias<T>({dy, g.y}, {db, db_size}, s.ctx); });
    return from_c(CAbi<T>::conv2d_backward_bias(s.c_ctx, dy, c_shape(g.y), db, db_size));
  };
  return c;
}

}  // namespace

template <class T>
Case conv2d_case(FuzzInput& in, OpId op) {
  const ConvGeometry g = draw_conv(in);
  Case c;
  switch (op) {
    case OpId::conv2d_fwd: c = forward<T>(in, g); break;
    case OpId::conv2d_bwd_data: c = backward_data<T>(in, g); break;
    case OpId::conv2d_bwd_weights: c = backward_weights<T>(in, g); break;
    default: c = backward_bias<T>(in, g); break;
  }
  c.op = op;
  c.dtype = std::is_same_v<T, float> ? DType::f32 : DType::f64;
  c.what += " x " + describe_shape(g.x) + " w " + describe_shape(g.w) + " y " + describe_shape(g.y) + " stride " +
            std::to_string(g.p.stride_h) + "x" + std::to_string(g.p.stride_w) + " pad " +
            std::to_string(g.p.pad.top) + "," + std::to_string(g.p.pad.bottom) + "," +
            std::to_string(g.p.pad.left) + "," + std::to_string(g.p.pad.right) + " dilation " +
            std::to_string(g.p.dilation_h) + "x" + std::to_string(g.p.dilation_w) + " groups " +
            std::to_string(g.p.groups);
  return c;
}

template Case conv2d_case<float>(FuzzInput&, OpId);
template Case conv2d_case<double>(FuzzInput&, OpId);

}  // namespace cnnkit::fuzz

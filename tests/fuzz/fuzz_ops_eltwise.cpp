// ReLU (forward, backward, in place or not) and constant padding: exact ops, so the reference's
// bits are required, NaN payloads and signed zeros included.
#include "fuzz_c_abi.hpp"
#include "fuzz_ops.hpp"

namespace cnnkit::fuzz {

template <class T>
Case eltwise_case(FuzzInput& in, OpId op) {
  Case c;
  c.op = op;
  c.dtype = std::is_same_v<T, float> ? DType::f32 : DType::f64;
  if (op == OpId::pad) {
    const NhwcShape x = draw_nhwc(in, 9, 20);
    const Padding pad{in.size(0, 4), in.size(0, 4), in.size(0, 4), in.size(0, 4)};
    NhwcShape y;
    try {
      y = pad_output_shape(x, pad);
    } catch (const Error&) {
      y = {x.n, 1, 1, x.c};
    }
    y = maybe_wrong(in, y);
    const T value = special_value<T>(in.pick<int>(0, 15), in.bits64());
    c.tensors.push_back(input_tensor<T>("x", count_of(x), in));
    c.tensors.push_back(output_tensor<T>("y", count_of(y)));
    c.what = "pad x " + describe_shape(x) + " y " + describe_shape(y) + " pad " + std::to_string(pad.top) + "," +
             std::to_string(pad.bottom) + "," + std::to_string(pad.left) + "," + std::to_string(pad.right);
    c.call = [x, y, pad, value](const Settings& s, const RunBuffers& b) {
      if (s.api == Api::cpp) return capture([&] { cnnkit::pad<T>({b.get<T>(0), x}, {b.get<T>(1), y}, pad, value, s.ctx); });
      return from_c(CAbi<T>::pad(s.c_ctx, b.get<T>(0), c_shape(x), b.get<T>(1), c_shape(y), c_pad(pad), value));
    };
    return c;
  }

  // Sizes up to a few vectors with every tail, or long enough for the threaded and streaming paths.
  const std::int64_t count = in.flag() ? in.size(1, 100) : in.size(1, 20000);
  const bool in_place = in.flag();
  if (op == OpId::relu_fwd) {
    c.tensors.push_back(input_tensor<T>("x", count, in));
    c.tensors.push_back(output_tensor<T>("y", count));
    if (in_place) c.tensors[1].alias_of = 0;
    c.what = std::string("relu_forward") + (in_place ? " (in place)" : "") + " count " + std::to_string(count);
    c.call = [count](const Settings& s, const RunBuffers& b) {
      if (s.api == Api::cpp) return capture([&] { relu_forward<T>({b.get<T>(0), count}, {b.get<T>(1), count}, s.ctx); });
      return from_c(CAbi<T>::relu_forward(s.c_ctx, b.get<T>(0), count, b.get<T>(1), count));
    };
    return c;
  }
  c.tensors.push_back(input_tensor<T>("x", count, in));
  c.tensors.push_back(input_tensor<T>("dy", count, in));
  c.tensors.push_back(output_tensor<T>("dx", count));
  if (in_place) c.tensors[2].alias_of = 1;  // dx == dy
  c.what = std::string("relu_backward") + (in_place ? " (in place)" : "") + " count " + std::to_string(count);
  c.call = [count](const Settings& s, const RunBuffers& b) {
    if (s.api == Api::cpp)
      return capture([&] { relu_backward<T>({b.get<T>(0), count}, {b.get<T>(1), count}, {b.get<T>(2), count}, s.ctx); });
    return from_c(CAbi<T>::relu_backward(s.c_ctx, b.get<T>(0), count, b.get<T>(1), count, b.get<T>(2), count));
  };
  return c;
}

template Case eltwise_case<float>(FuzzInput&, OpId);
template Case eltwise_case<double>(FuzzInput&, OpId);

}  // namespace cnnkit::fuzz

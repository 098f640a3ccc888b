// Dense cases: the three products and the bias gradient, one at a time or together through
// dense_backward with some outputs left out (null); compared within the rounding bound.
#include "fuzz_c_abi.hpp"
#include "fuzz_ops.hpp"

namespace cnnkit::fuzz {

template <class T>
Case dense_case(FuzzInput& in, OpId op) {
  // Small products, or ones past every tier's K block and the threaded thresholds.
  const bool large = in.pick<int>(0, 3) == 0;
  const std::int64_t m = in.size(1, large ? 64 : 9), n_in = in.size(1, large ? 300 : 20),
                     n_out = in.size(1, large ? 70 : 20);
  const std::int64_t xs = checked_count({m, n_in}), ws = checked_count({n_in, n_out}), ys = checked_count({m, n_out});
  Case c;
  c.dtype = std::is_same_v<T, float> ? DType::f32 : DType::f64;
  c.what = " m " + std::to_string(m) + " n_in " + std::to_string(n_in) + " n_out " + std::to_string(n_out);
  // dense_backward: all three gradients, each possibly left out; checked under the registry of
  // the first one requested (the forced variant of the others stays the default).
  if (op == OpId::dense_bwd_bias && in.flag()) {
    const bool want_dx = in.flag(), want_dw = in.flag(), want_db = !want_dx && !want_dw ? true : in.flag();
    c.op = want_dx ? OpId::dense_bwd_data : want_dw ? OpId::dense_bwd_weights : OpId::dense_bwd_bias;
    c.tensors.push_back(input_tensor<T>("x", want_dw ? xs : 0, in));
    c.tensors.push_back(input_tensor<T>("w", want_dx || want_dw ? ws : 0, in));
    c.tensors.push_back(input_tensor<T>("dy", ys, in));
    c.tensors.push_back(output_tensor<T>("dx", want_dx ? xs : 0));
    c.tensors.push_back(output_tensor<T>("dw", want_dw ? ws : 0));
    c.tensors.push_back(output_tensor<T>("db", want_db ? n_out : 0));
    for (int i = 0; i < 3; ++i) c.tensors[i].abs_for_bound = true;
    for (int i = 3; i < 6; ++i) c.tensors[i].compare = Compare::linear;
    c.tensors[3].terms = n_out;
    c.tensors[4].terms = c.tensors[5].terms = m;
    c.what = "dense_backward" + std::string(want_dx ? " dx" : "") + (want_dw ? " dw" : "") + (want_db ? " db" : "") +
             c.what;
    c.call = [=](const Settings& s, const RunBuffers& b) {
      const T *x = want_dw ? b.get<T>(0) : nullptr, *w = want_dx || want_dw ? b.get<T>(1) : nullptr,
              *dy = b.get<T>(2);
      T *dx = want_dx ? b.get<T>(3) : nullptr, *dw = want_dw ? b.get<T>(4) : nullptr,
        *db = want_db ? b.get<T>(5) : nullptr;
      if (s.api == Api::cpp)
        return capture([&] {
          dense_backward<T>({x, m, n_in}, {w, n_in, n_out}, {dy, m, n_out}, {dx, m, n_in}, {dw, n_in, n_out},
                            {db, n_out}, s.ctx);
        });
      return from_c(CAbi<T>::dense_backward(s.c_ctx, x, c_matrix(m, n_in), w, c_matrix(n_in, n_out), dy,
                                             c_matrix(m, n_out), dx, c_matrix(m, n_in), dw, c_matrix(n_in, n_out), db,
                                             n_out));
    };
    return c;
  }
  c.op = op;
  switch (op) {
    case OpId::dense_fwd: {
      const bool bias = in.flag();
      c.tensors.push_back(input_tensor<T>("x", xs, in));
      c.tensors.push_back(input_tensor<T>("w", ws, in));
      c.tensors.push_back(input_tensor<T>("bias", bias ? n_out : 0, in));
      c.tensors.push_back(output_tensor<T>("y", ys));
      for (int i = 0; i < 3; ++i) c.tensors[i].abs_for_bound = true;
      c.tensors[3].terms = plus_one(n_in);
      c.what = "dense_forward" + c.what;
      c.call = [=](const Settings& s, const RunBuffers& b) {
        const T* bs = bias ? b.get<T>(2) : nullptr;
        if (s.api == Api::cpp)
          return capture([&] {
            dense_forward<T>({b.get<T>(0), m, n_in}, {b.get<T>(1), n_in, n_out}, {bs, bias ? n_out : 0},
                             {b.get<T>(3), m, n_out}, s.ctx);
          });
        return from_c(CAbi<T>::dense_forward(s.c_ctx, b.get<T>(0), c_matrix(m, n_in), b.get<T>(1),
                                               c_matrix(n_in, n_out), bs, bias ? n_out : 0, b.get<T>(3),
                                               c_matrix(m, n_out)));
      };
      break;
    }
    case OpId::dense_bwd_data:
      c.tensors.push_back(input_tensor<T>("dy", ys, in));
      c.tensors.push_back(input_tensor<T>("w", ws, in));
      c.tensors.push_back(output_tensor<T>("dx", xs));
      c.tensors[2].terms = n_out;
      c.what = "dense_backward_data" + c.what;
      c.call = [=](const Settings& s, const RunBuffers& b) {
        if (s.api == Api::cpp)
          return capture([&] {
            dense_backward_data<T>({b.get<T>(0), m, n_out}, {b.get<T>(1), n_in, n_out}, {b.get<T>(2), m, n_in}, s.ctx);
          });
        return from_c(CAbi<T>::dense_backward_data(s.c_ctx, b.get<T>(1), c_matrix(n_in, n_out), b.get<T>(0),
                                                     c_matrix(m, n_out), b.get<T>(2), c_matrix(m, n_in)));
      };
      break;
    case OpId::dense_bwd_weights:
      c.tensors.push_back(input_tensor<T>("x", xs, in));
      c.tensors.push_back(input_tensor<T>("dy", ys, in));
      c.tensors.push_back(output_tensor<T>("dw", ws));
      c.tensors[2].terms = m;
      c.what = "dense_backward_weights" + c.what;
      c.call = [=](const Settings& s, const RunBuffers& b) {
        if (s.api == Api::cpp)
          return capture([&] {
            dense_backward_weights<T>({b.get<T>(0), m, n_in}, {b.get<T>(1), m, n_out}, {b.get<T>(2), n_in, n_out},
                                      s.ctx);
          });
        return from_c(CAbi<T>::dense_backward_weights(s.c_ctx, b.get<T>(0), c_matrix(m, n_in), b.get<T>(1),
                                                        c_matrix(m, n_out), b.get<T>(2), c_matrix(n_in, n_out)));
      };
      break;
    default:
      c.tensors.push_back(input_tensor<T>("dy", ys, in));
      c.tensors.push_back(output_tensor<T>("db", n_out));
      c.tensors[1].terms = m;
      c.what = "dense_backward_bias" + c.what;
      c.call = [=](const Settings& s, const RunBuffers& b) {
        if (s.api == Api::cpp)
          return capture([&] { dense_backward_bias<T>({b.get<T>(0), m, n_out}, {b.get<T>(1), n_out}, s.ctx); });
        return from_c(CAbi<T>::dense_backward_bias(s.c_ctx, b.get<T>(0), c_matrix(m, n_out), b.get<T>(1), n_out));
      };
      break;
  }
  for (auto& t : c.tensors) {
    if (t.output) t.compare = Compare::linear;
    else t.abs_for_bound = true;
  }
  return c;
}

template Case dense_case<float>(FuzzInput&, OpId);
template Case dense_case<double>(FuzzInput&, OpId);

}  // namespace cnnkit::fuzz

#include "report/roofline_work.hpp"

#include <type_traits>

#include "cnnkit/geometry.hpp"

namespace cnnkit::bench {
namespace {

double count(const NhwcShape& s) { return static_cast<double>(s.n * s.h * s.w * s.c); }

// Elements of the buffers a flop-counted call touches (conv, dense), by direction.
double conv_elements(OpId op, const ConvLayer& l) {
  const NhwcShape y = conv2d_output_shape(l.x, l.w, l.params);
  const double x = count(l.x), out = count(y);
  const double w = static_cast<double>(l.w.kh * l.w.kw * l.w.c_in_per_group * l.w.c_out);
  if (op == OpId::conv2d_fwd) return x + w + out + (l.bias ? static_cast<double>(l.w.c_out) : 0.0);
  if (op == OpId::conv2d_bwd_data) return out + w + x;
  return x + out + w;  // backward weights
}

double dense_elements(OpId op, const DenseLayer& l) {
  const double x = static_cast<double>(l.m * l.n_in), y = static_cast<double>(l.m * l.n_out);
  const double w = static_cast<double>(l.n_in * l.n_out);
  if (op == OpId::dense_fwd) return x + w + y + (l.bias ? static_cast<double>(l.n_out) : 0.0);
  return x + w + y;  // backward data (dy, w, dx) and weights (x, dy, dw)
}

double pool_flops(OpId op, const PoolLayer& l) {
  const double outputs = count(pool2d_output_shape(l.x, l.params));
  if (op == OpId::pool2d_bwd_indices) return outputs;
  return outputs * static_cast<double>(l.params.kernel_h * l.params.kernel_w);
}

// The nominal operations of a byte-counted call (see the header).
double nominal_flops(OpId op, const Layer& layer) {
  return std::visit(
      [op](const auto& l) -> double {
        using T = std::decay_t<decltype(l)>;
        if constexpr (std::is_same_v<T, ConvLayer>) {
          return count(conv2d_output_shape(l.x, l.w, l.params));  // bias gradient: one add per dy element
        } else if constexpr (std::is_same_v<T, PoolLayer>) {
          return pool_flops(op, l);
        } else if constexpr (std::is_same_v<T, EltwiseLayer>) {
          return static_cast<double>(l.count);
        } else if constexpr (std::is_same_v<T, DenseLayer>) {
          return static_cast<double>(l.m * l.n_out);  // bias gradient
        } else if constexpr (std::is_same_v<T, SoftmaxXentLayer>) {
          return static_cast<double>(l.rows * l.classes) * (l.want_grad ? 6.0 : 4.0);
        } else if constexpr (std::is_same_v<T, AdamLayer>) {
          return static_cast<double>(l.count) * (l.params.weight_decay != 0 ? 14.0 : 12.0);
        } else {
          return 0.0;  // pad
        }
      },
      layer.spec);
}

}  // namespace

RooflineWork roofline_work(OpId op, const Layer& layer, DType dtype, const Work& work) {
  if (work.metric == Metric::bytes) return {nominal_flops(op, layer), work.amount};
  const double size = dtype == DType::f32 ? 4.0 : 8.0;
  double elements = 0;
  if (const auto* conv = std::get_if<ConvLayer>(&layer.spec)) elements = conv_elements(op, *conv);
  if (const auto* dense = std::get_if<DenseLayer>(&layer.spec)) elements = dense_elements(op, *dense);
  return {work.amount, elements * size};
}

}  // namespace cnnkit::bench

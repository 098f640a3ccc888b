#include "common/op_case.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

#include "common/case_support.hpp"

namespace cnnkit::bench {

std::vector<OpId> ops_of(const Layer& layer) {
  struct Ops {
    std::vector<OpId> operator()(const ConvLayer&) const {
      return {OpId::conv2d_fwd, OpId::conv2d_bwd_data, OpId::conv2d_bwd_weights, OpId::conv2d_bwd_bias};
    }
    // Max pools also feed the saved-indices pair (its backward only with ties = first).
    std::vector<OpId> operator()(const PoolLayer& l) const {
      std::vector<OpId> ops{OpId::pool2d_fwd, OpId::pool2d_bwd};
      if (l.params.mode == PoolMode::max) ops.push_back(OpId::pool2d_fwd_indices);
      if (l.params.mode == PoolMode::max && l.params.ties == TiePolicy::first) ops.push_back(OpId::pool2d_bwd_indices);
      return ops;
    }
    std::vector<OpId> operator()(const EltwiseLayer&) const { return {OpId::relu_fwd, OpId::relu_bwd}; }
    std::vector<OpId> operator()(const PadLayer&) const { return {OpId::pad}; }
    std::vector<OpId> operator()(const DenseLayer&) const {
      return {OpId::dense_fwd, OpId::dense_bwd_data, OpId::dense_bwd_weights, OpId::dense_bwd_bias};
    }
    std::vector<OpId> operator()(const SoftmaxXentLayer&) const { return {OpId::softmax_xent}; }
    std::vector<OpId> operator()(const AdamLayer&) const { return {OpId::adam}; }
  };
  return std::visit(Ops{}, layer.spec);
}

void poison_outputs(OpCase& c) {
  for (Role role : {Role::y, Role::dx, Role::dw, Role::db}) {
    const BufferRef b = c.buffer(role);
    if (!b.data) continue;
    if (c.dtype() == DType::f32)
      std::fill_n(static_cast<float*>(b.data), b.count, std::numeric_limits<float>::quiet_NaN());
    else
      std::fill_n(static_cast<double*>(b.data), b.count, std::numeric_limits<double>::quiet_NaN());
  }
}

std::unique_ptr<OpCase> make_op_case(OpId op, const Layer& layer, DType dtype) {
  struct Make {
    OpId op;
    DType dtype;
    std::unique_ptr<OpCase> operator()(const ConvLayer& l) const { return make_conv_case(op, l, dtype); }
    std::unique_ptr<OpCase> operator()(const PoolLayer& l) const { return make_pool_case(op, l, dtype); }
    std::unique_ptr<OpCase> operator()(const EltwiseLayer& l) const { return make_relu_case(op, l, dtype); }
    std::unique_ptr<OpCase> operator()(const PadLayer& l) const { return make_pad_case(l, dtype); }
    std::unique_ptr<OpCase> operator()(const DenseLayer& l) const { return make_dense_case(op, l, dtype); }
    std::unique_ptr<OpCase> operator()(const SoftmaxXentLayer& l) const { return make_softmax_xent_case(l, dtype); }
    std::unique_ptr<OpCase> operator()(const AdamLayer& l) const { return make_adam_case(l, dtype); }
  };
  auto c = std::visit(Make{op, dtype}, layer.spec);
  if (!c || c->op() != op)
    throw std::invalid_argument(std::string("layer '") + layer.name + "' does not feed op " + to_string(op));
  return c;
}

}  // namespace cnnkit::bench

// Where a case sits on a roofline: its floating-point operations and its compulsory memory
// traffic per call. The tables count one of the two (Work: flops for conv and dense, bytes for
// the rest); the other comes from the layer's geometry here:
//  - bytes of conv and dense: every buffer the call reads or writes, once (x, w, bias, y for the
//    forward; dy, w, dx for backward data; x, dy, dw for backward weights);
//  - flops of the byte-counted ops, nominal (exp, sqrt and division count as one): a bias
//    gradient one add per dy element; pooling one compare or add per window tap and output
//    (pool2d_bwd_indices one add per output); ReLU one per element; softmax cross-entropy 4 per
//    logit (max, subtract, exp, sum) and 2 more with the gradient; Adam 12 per parameter (2 more
//    with weight decay); pad none (it only moves data, so it has no place on a roofline).
#pragma once

#include "cnnkit/dispatch.hpp"
#include "common/layer.hpp"
#include "common/op_case.hpp"

namespace cnnkit::bench {

struct RooflineWork {
  double flops = 0;
  double bytes = 0;
  double intensity() const { return bytes > 0 ? flops / bytes : 0; }  // FLOP per byte
};

// `work` is the case's own counter (Record::work): it is kept as it is for its metric.
RooflineWork roofline_work(OpId op, const Layer& layer, DType dtype, const Work& work);

}  // namespace cnnkit::bench

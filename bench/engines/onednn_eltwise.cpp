// oneDNN ReLU (eltwise_relu, alpha 0) forward (forward_inference) and backward, on the case's
// flat buffers; in place when the case is (the same memory as source and destination, as
// oneDNN allows for eltwise).
#include "engines/onednn_support.hpp"

namespace cnnkit::bench::onednn {
namespace {

using dnnl::algorithm;
using dnnl::prop_kind;

Call forward(Device& d, const EltwiseLayer& l, const OpCase& c) {
  const memory::dims dims{l.count};
  const memory::desc md(dims, memory::data_type::f32, Tag::a);
  const dnnl::eltwise_forward::primitive_desc pd({prop_kind::forward_inference, algorithm::eltwise_relu, md, 0.f, 0.f},
                                                 d.engine);
  const memory x = user_memory(d, dims, Tag::a, f32_buffer(c, Role::x));
  Call call{dnnl::eltwise_forward(pd), {}, describe(pd.impl_info_str()), {}};
  call.args = {{DNNL_ARG_SRC, x}, {DNNL_ARG_DST, l.in_place ? x : user_memory(d, dims, Tag::a, f32_buffer(c, Role::y))}};
  return call;
}

// dx = dy where x > 0: eltwise_relu's backward from the source (not the destination).
Call backward(Device& d, const EltwiseLayer& l, const OpCase& c) {
  const memory::dims dims{l.count};
  const memory::desc md(dims, memory::data_type::f32, Tag::a);
  const dnnl::eltwise_forward::primitive_desc hint({prop_kind::forward_training, algorithm::eltwise_relu, md, 0.f, 0.f},
                                                   d.engine);
  const dnnl::eltwise_backward::primitive_desc pd({algorithm::eltwise_relu, md, md, 0.f, 0.f}, d.engine, hint);
  const memory dy = user_memory(d, dims, Tag::a, f32_buffer(c, Role::dy));
  Call call{dnnl::eltwise_backward(pd), {}, describe(pd.impl_info_str()), {}};
  call.args = {{DNNL_ARG_SRC, user_memory(d, dims, Tag::a, f32_buffer(c, Role::x))},
               {DNNL_ARG_DIFF_DST, dy},
               {DNNL_ARG_DIFF_SRC, l.in_place ? dy : user_memory(d, dims, Tag::a, f32_buffer(c, Role::dx))}};
  return call;
}

}  // namespace

Call relu_call(Device& d, OpId op, const EltwiseLayer& l, const OpCase& c) {
  return op == OpId::relu_fwd ? forward(d, l, c) : backward(d, l, c);
}

}  // namespace cnnkit::bench::onednn

// oneDNN inner product forward (forward_inference), backward data and backward weights for the
// dense ops: x (m, n_in) and y (m, n_out) row-major ("nc"), weights in the primitive's preferred
// layout (format_tag::any) reordered once, untimed, from cnnkit's (n_in, n_out) matrix, which is
// oneDNN's (out, in) weights stored "io". Backward weights is reordered back to it after a
// checked call, and leaves out the fused bias gradient (cnnkit's dense_bwd_bias is its own op:
// a reduction, onednn_reduction.cpp).
#include "engines/onednn_support.hpp"

namespace cnnkit::bench::onednn {
namespace {

using dnnl::prop_kind;
using Dt = memory::data_type;

struct IpGeometry {
  memory::dims src, dst, weights, bias;
};

IpGeometry geometry_of(const DenseLayer& l) {
  return {{l.m, l.n_in}, {l.m, l.n_out}, {l.n_out, l.n_in}, {l.n_out}};
}

memory::desc rows(const memory::dims& dims) { return {dims, Dt::f32, Tag::nc}; }
memory::desc any(const memory::dims& dims) { return {dims, Dt::f32, Tag::any}; }

dnnl::inner_product_forward::primitive_desc training_hint(Device& d, const IpGeometry& g) {
  return {{prop_kind::forward_training, rows(g.src), any(g.weights), rows(g.dst)}, d.engine};
}

Call forward(Device& d, const DenseLayer& l, const OpCase& c) {
  const IpGeometry g = geometry_of(l);
  using Fwd = dnnl::inner_product_forward;
  const memory::desc bias_md(g.bias, Dt::f32, Tag::x);
  const Fwd::desc desc = l.bias ? Fwd::desc(prop_kind::forward_inference, rows(g.src), any(g.weights), bias_md, rows(g.dst))
                                : Fwd::desc(prop_kind::forward_inference, rows(g.src), any(g.weights), rows(g.dst));
  const Fwd::primitive_desc pd(desc, d.engine);
  const memory weights = user_memory(d, g.weights, Tag::io, f32_buffer(c, Role::w));
  Call call{Fwd(pd), {}, describe(pd.impl_info_str(), "weights", pd.weights_desc()), {}};
  call.args = {{DNNL_ARG_SRC, user_memory(d, g.src, Tag::nc, f32_buffer(c, Role::x))},
               {DNNL_ARG_WEIGHTS, reordered(d, weights, pd.weights_desc())},
               {DNNL_ARG_DST, user_memory(d, g.dst, Tag::nc, f32_buffer(c, Role::y))}};
  if (l.bias) call.args.emplace(DNNL_ARG_BIAS, memory(bias_md, d.engine, f32_buffer(c, Role::bias)));
  return call;
}

Call backward_data(Device& d, const DenseLayer& l, const OpCase& c) {
  const IpGeometry g = geometry_of(l);
  using Bwd = dnnl::inner_product_backward_data;
  const Bwd::primitive_desc pd({rows(g.src), any(g.weights), rows(g.dst)}, d.engine, training_hint(d, g));
  const memory weights = user_memory(d, g.weights, Tag::io, f32_buffer(c, Role::w));
  Call call{Bwd(pd), {}, describe(pd.impl_info_str(), "weights", pd.weights_desc()), {}};
  call.args = {{DNNL_ARG_DIFF_DST, user_memory(d, g.dst, Tag::nc, f32_buffer(c, Role::dy))},
               {DNNL_ARG_WEIGHTS, reordered(d, weights, pd.weights_desc())},
               {DNNL_ARG_DIFF_SRC, user_memory(d, g.src, Tag::nc, f32_buffer(c, Role::dx))}};
  return call;
}

Call backward_weights(Device& d, const DenseLayer& l, const OpCase& c) {
  const IpGeometry g = geometry_of(l);
  using Bwd = dnnl::inner_product_backward_weights;
  const Bwd::primitive_desc pd({rows(g.src), any(g.weights), rows(g.dst)}, d.engine, training_hint(d, g));
  const memory io = user_memory(d, g.weights, Tag::io, f32_buffer(c, Role::dw));
  const memory own = pd.diff_weights_desc() == io.get_desc() ? io : memory(pd.diff_weights_desc(), d.engine);
  Call call{Bwd(pd), {}, describe(pd.impl_info_str(), "diff weights", pd.diff_weights_desc()), {}};
  call.args = {{DNNL_ARG_SRC, user_memory(d, g.src, Tag::nc, f32_buffer(c, Role::x))},
               {DNNL_ARG_DIFF_DST, user_memory(d, g.dst, Tag::nc, f32_buffer(c, Role::dy))},
               {DNNL_ARG_DIFF_WEIGHTS, own}};
  if (own != io) call.publish.emplace_back(own, io);
  return call;
}

}  // namespace

Call inner_product_call(Device& d, OpId op, const DenseLayer& l, const OpCase& c) {
  switch (op) {
    case OpId::dense_fwd:
      return forward(d, l, c);
    case OpId::dense_bwd_data:
      return backward_data(d, l, c);
    case OpId::dense_bwd_weights:
      return backward_weights(d, l, c);
    default:
      return bias_gradient_call(d, geometry_of(l).dst, Tag::nc, c);
  }
}

}  // namespace cnnkit::bench::onednn

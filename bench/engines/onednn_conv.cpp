// oneDNN convolution forward, backward data and backward weights, the way its users run it:
// NHWC activations (cnnkit's layout, used in place) and weights in the layout the primitive
// prefers (format_tag::any), reordered from cnnkit's HWIO once, untimed. With plain HWIO weights
// oneDNN 2.6 falls back to its gemm convolution, which is not the engine worth comparing with.
// Backward weights writes its own layout too; publish_outputs() reorders it back to HWIO. The
// bias gradient is its own op in cnnkit (conv2d_bwd_bias): a reduction, onednn_reduction.cpp.
#include "cnnkit/geometry.hpp"
#include "engines/onednn_support.hpp"

namespace cnnkit::bench::onednn {
namespace {

using dnnl::algorithm;
using dnnl::prop_kind;
using Dt = memory::data_type;

struct ConvGeometry {
  memory::dims src, dst, weights, bias, strides, dilates, pad_l, pad_r;
  Tag weights_tag;  // cnnkit's HWIO as a oneDNN tag
};

ConvGeometry geometry_of(const ConvLayer& l) {
  const NhwcShape y = conv2d_output_shape(l.x, l.w, l.params);
  const Conv2dParams& p = l.params;
  ConvGeometry g;
  g.src = {l.x.n, l.x.c, l.x.h, l.x.w};
  g.dst = {y.n, y.c, y.h, y.w};
  if (p.groups == 1) {
    g.weights = {l.w.c_out, l.w.c_in_per_group, l.w.kh, l.w.kw};
    g.weights_tag = Tag::hwio;
  } else {
    // HWIO with grouped outputs: o = group * (c_out / groups) + o_in_group, so (h, w, i, g, o).
    g.weights = {p.groups, l.w.c_out / p.groups, l.w.c_in_per_group, l.w.kh, l.w.kw};
    g.weights_tag = Tag::hwigo;
  }
  g.bias = {l.w.c_out};
  g.strides = {p.stride_h, p.stride_w};
  g.dilates = {p.dilation_h - 1, p.dilation_w - 1};  // oneDNN counts the holes, cnnkit the step
  g.pad_l = {p.pad.top, p.pad.left};
  g.pad_r = {p.pad.bottom, p.pad.right};
  return g;
}

memory::desc nhwc(const memory::dims& dims) { return {dims, Dt::f32, Tag::nhwc}; }
memory::desc any(const memory::dims& dims) { return {dims, Dt::f32, Tag::any}; }

// The forward primitive descriptor the backward ones take as their hint.
dnnl::convolution_forward::primitive_desc training_hint(Device& d, const ConvGeometry& g) {
  const dnnl::convolution_forward::desc fwd(prop_kind::forward_training, algorithm::convolution_direct, nhwc(g.src),
                                            any(g.weights), nhwc(g.dst), g.strides, g.dilates, g.pad_l, g.pad_r);
  return {fwd, d.engine};
}

Call forward(Device& d, const ConvLayer& l, const OpCase& c) {
  const ConvGeometry g = geometry_of(l);
  using Fwd = dnnl::convolution_forward;
  const memory::desc bias_md(g.bias, Dt::f32, Tag::x);
  const Fwd::desc desc = l.bias ? Fwd::desc(prop_kind::forward_inference, algorithm::convolution_direct, nhwc(g.src),
                                            any(g.weights), bias_md, nhwc(g.dst), g.strides, g.dilates, g.pad_l, g.pad_r)
                                : Fwd::desc(prop_kind::forward_inference, algorithm::convolution_direct, nhwc(g.src),
                                            any(g.weights), nhwc(g.dst), g.strides, g.dilates, g.pad_l, g.pad_r);
  const Fwd::primitive_desc pd(desc, d.engine);
  const memory weights = user_memory(d, g.weights, g.weights_tag, f32_buffer(c, Role::w));
  Call call{Fwd(pd), {}, describe(pd.impl_info_str(), "weights", pd.weights_desc()), {}};
  call.args = {{DNNL_ARG_SRC, user_memory(d, g.src, Tag::nhwc, f32_buffer(c, Role::x))},
               {DNNL_ARG_WEIGHTS, reordered(d, weights, pd.weights_desc())},
               {DNNL_ARG_DST, user_memory(d, g.dst, Tag::nhwc, f32_buffer(c, Role::y))}};
  if (l.bias) call.args.emplace(DNNL_ARG_BIAS, memory(bias_md, d.engine, f32_buffer(c, Role::bias)));
  return call;
}

Call backward_data(Device& d, const ConvLayer& l, const OpCase& c) {
  const ConvGeometry g = geometry_of(l);
  using Bwd = dnnl::convolution_backward_data;
  const Bwd::desc desc(algorithm::convolution_direct, nhwc(g.src), any(g.weights), nhwc(g.dst), g.strides, g.dilates,
                       g.pad_l, g.pad_r);
  const Bwd::primitive_desc pd(desc, d.engine, training_hint(d, g));
  const memory weights = user_memory(d, g.weights, g.weights_tag, f32_buffer(c, Role::w));
  Call call{Bwd(pd), {}, describe(pd.impl_info_str(), "weights", pd.weights_desc()), {}};
  call.args = {{DNNL_ARG_DIFF_DST, user_memory(d, g.dst, Tag::nhwc, f32_buffer(c, Role::dy))},
               {DNNL_ARG_WEIGHTS, reordered(d, weights, pd.weights_desc())},
               {DNNL_ARG_DIFF_SRC, user_memory(d, g.src, Tag::nhwc, f32_buffer(c, Role::dx))}};
  return call;
}

// Weights only: cnnkit's conv2d_bwd_weights does not produce the bias gradient (that is
// conv2d_bwd_bias), so the fused bias gradient would be extra work the cnnkit row does not do.
Call backward_weights(Device& d, const ConvLayer& l, const OpCase& c) {
  const ConvGeometry g = geometry_of(l);
  using Bwd = dnnl::convolution_backward_weights;
  const Bwd::desc desc(algorithm::convolution_direct, nhwc(g.src), any(g.weights), nhwc(g.dst), g.strides, g.dilates,
                       g.pad_l, g.pad_r);
  const Bwd::primitive_desc pd(desc, d.engine, training_hint(d, g));
  const memory hwio = user_memory(d, g.weights, g.weights_tag, f32_buffer(c, Role::dw));
  const memory own = pd.diff_weights_desc() == hwio.get_desc() ? hwio : memory(pd.diff_weights_desc(), d.engine);
  Call call{Bwd(pd), {}, describe(pd.impl_info_str(), "diff weights", pd.diff_weights_desc()), {}};
  call.args = {{DNNL_ARG_SRC, user_memory(d, g.src, Tag::nhwc, f32_buffer(c, Role::x))},
               {DNNL_ARG_DIFF_DST, user_memory(d, g.dst, Tag::nhwc, f32_buffer(c, Role::dy))},
               {DNNL_ARG_DIFF_WEIGHTS, own}};
  if (own != hwio) call.publish.emplace_back(own, hwio);
  return call;
}

}  // namespace

Call conv_call(Device& d, OpId op, const ConvLayer& l, const OpCase& c) {
  switch (op) {
    case OpId::conv2d_fwd:
      return forward(d, l, c);
    case OpId::conv2d_bwd_data:
      return backward_data(d, l, c);
    case OpId::conv2d_bwd_weights:
      return backward_weights(d, l, c);
    default: {
      const ConvGeometry g = geometry_of(l);
      return bias_gradient_call(d, g.dst, Tag::nhwc, c);
    }
  }
}

}  // namespace cnnkit::bench::onednn

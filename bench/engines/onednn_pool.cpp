// oneDNN pooling forward (forward_inference; forward_training with its workspace for
// pool2d_fwd_indices) and backward (pool2d_bwd and pool2d_bwd_indices alike), NHWC. Max-pool backward takes the
// workspace (the winners' positions) of a forward_training call made once, untimed, on the case's
// x: that is how oneDNN's users train. cnnkit's semantics map onto oneDNN's as follows:
//   * ceil mode: oneDNN only knows floor, so the bottom/right padding grows until the floor
//     formula gives cnnkit's output size (the windows then match PyTorch's ceil rule);
//   * average over real cells only: pooling_avg_exclude_padding (also right with the grown
//     padding); counting padded cells: pooling_avg_include_padding, which would also count the
//     grown ceil padding, so that one combination is declined;
//   * max-pool gradient to every tied maximum (ties=all): oneDNN picks one cell, declined.
#include "cnnkit/geometry.hpp"
#include "engines/onednn_support.hpp"

namespace cnnkit::bench::onednn {
namespace {

using dnnl::algorithm;
using dnnl::prop_kind;
using Dt = memory::data_type;

struct PoolGeometry {
  memory::dims src, dst, strides, kernel, pad_l, pad_r;
  algorithm alg;
};

// The trailing padding oneDNN needs for `out` windows: at least cnnkit's, more in ceil mode.
std::int64_t trailing_pad(std::int64_t in, std::int64_t out, std::int64_t kernel, std::int64_t stride,
                          std::int64_t lead, std::int64_t trail) {
  return std::max(trail, (out - 1) * stride + kernel - in - lead);
}

PoolGeometry geometry_of(const PoolLayer& l) {
  const Pool2dParams& p = l.params;
  const NhwcShape y = pool2d_output_shape(l.x, p);
  PoolGeometry g;
  g.src = {l.x.n, l.x.c, l.x.h, l.x.w};
  g.dst = {y.n, y.c, y.h, y.w};
  g.strides = {p.stride_h, p.stride_w};
  g.kernel = {p.kernel_h, p.kernel_w};
  g.pad_l = {p.pad.top, p.pad.left};
  g.pad_r = {trailing_pad(l.x.h, y.h, p.kernel_h, p.stride_h, p.pad.top, p.pad.bottom),
             trailing_pad(l.x.w, y.w, p.kernel_w, p.stride_w, p.pad.left, p.pad.right)};
  if (p.mode == PoolMode::max) {
    g.alg = algorithm::pooling_max;
  } else if (!p.count_include_pad) {
    g.alg = algorithm::pooling_avg_exclude_padding;
  } else {
    if (g.pad_r[0] != p.pad.bottom || g.pad_r[1] != p.pad.right)
      throw EngineDeclines(
          "ceil mode with count_include_pad: oneDNN would count the ceil overhang as padding (cnnkit, like PyTorch, "
          "does not)");
    g.alg = algorithm::pooling_avg_include_padding;
  }
  return g;
}

memory::desc nhwc(const memory::dims& dims) { return {dims, Dt::f32, Tag::nhwc}; }

dnnl::pooling_forward::desc forward_desc(prop_kind kind, const PoolGeometry& g) {
  return {kind, g.alg, nhwc(g.src), nhwc(g.dst), g.strides, g.kernel, g.pad_l, g.pad_r};
}

// training: forward_training with its workspace (the winners' positions, max pooling), the
// counterpart of cnnkit's pool2d_fwd_indices; otherwise forward_inference.
Call forward(Device& d, const PoolLayer& l, const OpCase& c, bool training) {
  const PoolGeometry g = geometry_of(l);
  const dnnl::pooling_forward::primitive_desc pd(
      forward_desc(training ? prop_kind::forward_training : prop_kind::forward_inference, g), d.engine);
  Call call{dnnl::pooling_forward(pd), {}, describe(pd.impl_info_str()), {}};
  call.args = {{DNNL_ARG_SRC, user_memory(d, g.src, Tag::nhwc, f32_buffer(c, Role::x))},
               {DNNL_ARG_DST, user_memory(d, g.dst, Tag::nhwc, f32_buffer(c, Role::y))}};
  if (training) call.args.emplace(DNNL_ARG_WORKSPACE, memory(pd.workspace_desc(), d.engine));
  return call;
}

Call backward(Device& d, const PoolLayer& l, const OpCase& c) {
  if (l.params.mode == PoolMode::max && l.params.ties == TiePolicy::all)
    throw EngineDeclines("ties=all: oneDNN's max-pool backward sends a window's gradient to one cell");
  const PoolGeometry g = geometry_of(l);
  const dnnl::pooling_forward::primitive_desc hint(forward_desc(prop_kind::forward_training, g), d.engine);
  const dnnl::pooling_backward::desc desc(g.alg, nhwc(g.src), nhwc(g.dst), g.strides, g.kernel, g.pad_l, g.pad_r);
  const dnnl::pooling_backward::primitive_desc pd(desc, d.engine, hint);
  Call call{dnnl::pooling_backward(pd), {}, describe(pd.impl_info_str()), {}};
  call.args = {{DNNL_ARG_DIFF_DST, user_memory(d, g.dst, Tag::nhwc, f32_buffer(c, Role::dy))},
               {DNNL_ARG_DIFF_SRC, user_memory(d, g.src, Tag::nhwc, f32_buffer(c, Role::dx))}};
  if (l.params.mode == PoolMode::max) {
    // The training forward pass that records the winners, once (its output is not needed).
    const memory workspace(hint.workspace_desc(), d.engine);
    dnnl::pooling_forward(hint).execute(
        d.stream, {{DNNL_ARG_SRC, user_memory(d, g.src, Tag::nhwc, f32_buffer(c, Role::x))},
                   {DNNL_ARG_DST, memory(hint.dst_desc(), d.engine)},
                   {DNNL_ARG_WORKSPACE, workspace}});
    d.stream.wait();
    call.args.emplace(DNNL_ARG_WORKSPACE, workspace);
  }
  return call;
}

}  // namespace

// pool2d_bwd and pool2d_bwd_indices are the same oneDNN call: max-pool backward always reads the
// workspace (its saved indices), never x.
Call pool_call(Device& d, OpId op, const PoolLayer& l, const OpCase& c) {
  if (op == OpId::pool2d_fwd || op == OpId::pool2d_fwd_indices) return forward(d, l, c, op == OpId::pool2d_fwd_indices);
  return backward(d, l, c);
}

}  // namespace cnnkit::bench::onednn

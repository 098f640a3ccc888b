// The bias gradients (conv2d_bwd_bias, dense_bwd_bias) with oneDNN's reduction primitive: db is
// dy summed over every dimension but the channel. oneDNN has no bias-gradient primitive of its
// own; its users get db fused into convolution or inner-product backward weights, which computes
// dw as well, so that fused call would time work cnnkit's bias-gradient op does not do. The
// reduction is what a oneDNN user computes db alone with.
#include "engines/onednn_support.hpp"

namespace cnnkit::bench::onednn {

Call bias_gradient_call(Device& d, const memory::dims& dy_dims, Tag tag, const OpCase& c) {
  memory::dims db_dims(dy_dims.size(), 1);
  db_dims[1] = dy_dims[1];  // the channel: oneDNN's dimension 1 in both "nhwc" and "nc"
  const memory::desc dy_md(dy_dims, memory::data_type::f32, tag);
  const memory::desc db_md(db_dims, memory::data_type::f32, tag);
  const dnnl::reduction::primitive_desc pd({dnnl::algorithm::reduction_sum, dy_md, db_md, 0.f, 0.f}, d.engine);
  Call call{dnnl::reduction(pd), {}, std::string("reduction_sum ") + describe(pd.impl_info_str()), {}};
  call.args = {{DNNL_ARG_SRC, memory(dy_md, d.engine, f32_buffer(c, Role::dy))},
               {DNNL_ARG_DST, memory(db_md, d.engine, f32_buffer(c, Role::db))}};
  return call;
}

}  // namespace cnnkit::bench::onednn

#include "reference/case_params.hpp"

namespace cnnkit::test {

Padding padding_params(const FixtureCase& c, const std::string& prefix) {
  return {c.int_param(prefix + "pad_top"), c.int_param(prefix + "pad_bottom"), c.int_param(prefix + "pad_left"),
          c.int_param(prefix + "pad_right")};
}

Conv2dParams conv2d_params(const FixtureCase& c) {
  Conv2dParams p;
  p.stride_h = c.int_param("stride_h");
  p.stride_w = c.int_param("stride_w");
  p.pad = padding_params(c);
  p.dilation_h = c.int_param_or("dilation_h", 1);
  p.dilation_w = c.int_param_or("dilation_w", 1);
  p.groups = c.int_param_or("groups", 1);
  return p;
}

TiePolicy tie_policy(const FixtureCase& c) {
  if (!c.has_param("ties")) return TiePolicy::first;
  const std::string& t = c.param("ties");
  if (t == "first") return TiePolicy::first;
  if (t == "all") return TiePolicy::all;
  throw FixtureError(c.dir() + "/params.txt: key 'ties': expected first or all, got '" + t + "'");
}

Pool2dParams pool2d_params(const FixtureCase& c) {
  Pool2dParams p;
  const std::string& mode = c.param("mode");
  if (mode == "max")
    p.mode = PoolMode::max;
  else if (mode == "avg")
    p.mode = PoolMode::avg;
  else
    throw FixtureError(c.dir() + "/params.txt: key 'mode': expected max or avg, got '" + mode + "'");
  p.kernel_h = c.int_param("kh");
  p.kernel_w = c.int_param("kw");
  p.stride_h = c.int_param("stride_h");
  p.stride_w = c.int_param("stride_w");
  p.pad = padding_params(c);
  p.ceil_mode = c.bool_param_or("ceil_mode", false);
  p.count_include_pad = c.bool_param_or("count_include_pad", false);
  p.ties = tie_policy(c);
  return p;
}

AdamParams adam_params(const FixtureCase& c) {
  AdamParams p;
  const std::string& style = c.param("style");
  if (style == "torch")
    p.style = AdamStyle::pytorch;
  else if (style == "tf")
    p.style = AdamStyle::tensorflow1;
  else
    throw FixtureError(c.dir() + "/params.txt: key 'style': expected tf or torch, got '" + style + "'");
  p.step = c.int_param("t");
  p.lr = c.double_param("lr");
  p.beta1 = c.double_param("beta1");
  p.beta2 = c.double_param("beta2");
  p.eps = c.double_param("eps");
  p.weight_decay = c.double_param_or("weight_decay", 0.0);
  p.decoupled_weight_decay = c.bool_param_or("decoupled_weight_decay", false);
  return p;
}

}  // namespace cnnkit::test

// The convolution keywords shared by conv2d_forward and its backward functions.
#pragma once

#include "geometry_args.hpp"
#include "cnnkit/params.hpp"

namespace cnnkit::python {

struct ConvArgs {
  HwPair stride, dilation;
  PaddingArg padding;
  std::int64_t groups = 1;

  ConvArgs(const ArrayArgs& args, py::handle stride_arg, py::handle padding_arg_value, py::handle dilation_arg,
           std::int64_t groups_arg)
      : stride(hw_pair(args, "stride", stride_arg)),
        dilation(hw_pair(args, "dilation", dilation_arg)),
        padding(padding_arg(args, "padding", padding_arg_value)),
        groups(groups_arg) {}

  // The params for an input of in_h x in_w and a kh x kw kernel ("same" needs both).
  Conv2dParams params(std::int64_t in_h, std::int64_t in_w, std::int64_t kh, std::int64_t kw) const {
    Conv2dParams p;
    p.stride_h = stride.h, p.stride_w = stride.w;
    p.dilation_h = dilation.h, p.dilation_w = dilation.w;
    p.groups = groups;
    p.pad = padding.resolve(in_h, in_w, {kh, kw}, stride, dilation);
    return p;
  }
};

}  // namespace cnnkit::python

// Backward data of a stride-1 convolution into few dx channels, run by the forward planar kernel.
//
// With stride 1, backward data is itself a forward convolution: of dy with the spatially flipped,
// transposed weights w'(i, j, o, c) = w(kh-1-i, kw-1-j, c, o), dilation unchanged, padded by the
// kernel's extent minus the original padding on each side (pt' = dh*(kh-1) - pt, ...). Its output
// channels are dx's. When those are few (the stems' and the seeds' 1-8 channels), the direct
// backward-data form fills 1-8 lanes of a channel vector; the forward planar kernel puts pixels in
// the lanes instead (conv2d_fwd_plan.hpp), measured 1.5-2x faster on the seeds' 3-channel image
// and LeNet's first layer. The gemm form (few dx channels, many dy channels) stays with the
// backward-data plan, which measured faster there.
#pragma once

#include "cnnkit/dispatch.hpp"
#include "core/registry.hpp"
#include "ops/conv2d/conv2d_bwd_data_plan.hpp"
#include "ops/conv2d/conv2d_fwd_plan.hpp"
#include "ops/conv2d/conv2d_problem.hpp"

namespace cnnkit::ops {

// Whether backward data runs this way (stride 1, one group, padding within the kernel's extent,
// not the gemm form, and the forward plan of the flipped problem is planar); if so, `fplan` is
// that plan with its tiles cut for `threads` (cut_conv_fwd_plan). `plan` is the backward-data
// plan of p, `blocking` the forward kernels' of the tier.
bool conv2d_bwd_data_planar_plan(const Conv2dProblem& p, const ConvBwdDataPlan& plan,
                                 const ConvRegisterBlocking& blocking, std::int64_t element_size, int threads,
                                 ConvFwdPlan& fplan);

// Runs backward data this way and returns true when conv2d_bwd_data_planar_plan says so;
// otherwise returns false and touches nothing.
template <Isa I, Threading Th, class T>
bool conv2d_bwd_data_planar(const Conv2dProblem& p, const ConvBwdDataPlan& plan, const T* dy, const T* w, T* dx,
                            const core::Exec& exec);

}  // namespace cnnkit::ops

// The prepacked plain calls: conv2d_forward on weights packed once (cnnkit::Conv2dPackedWeights),
// the way an inference user runs a layer, and conv2d_backward_data on weights packed once for it
// (cnnkit::Conv2dBackwardDataPackedWeights), the way a trainer reuses a layer's weights over the
// backward passes between two updates. The packing happens in prepare_prepacked_call(), untimed,
// like the engines' weight reordering; run() is the call alone, dispatched as the Context says.
#pragma once

#include <memory>

#include "cnnkit/context.hpp"
#include "common/layer.hpp"
#include "common/op_case.hpp"
#include "engines/engine.hpp"

namespace cnnkit::bench {

// `c` is a conv2d_fwd or conv2d_bwd_data case on `layer`; the packed weights and every call use
// `ctx`. run() writes the case's output (y or dx); implementation() names the variant the last
// call ran and the packing's ISA tier. Throws std::invalid_argument for another op or layer kind,
// cnnkit::Error when packing fails.
std::unique_ptr<PreparedRun> prepare_prepacked_call(const Layer& layer, OpCase& c, const Context& ctx);

}  // namespace cnnkit::bench

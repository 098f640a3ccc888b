// The dispatch lists of the four conv2d ops, in selection order; each reference is last and
// accepts everything. The whole conv2d dispatch policy is on this screen.
#include "ops/conv2d/conv2d_reference.hpp"
#include "ops/op_lists.hpp"

namespace cnnkit::core {

using namespace cnnkit::ops;

template <class T>
const Variant<Conv2dFwdOp, T> conv2d_fwd_list[] = {
    {"conv2d_fwd.ref", Isa::scalar, Threading::serial, nullptr, &conv2d_fwd_reference<T>},
};

template <class T>
const Variant<Conv2dBwdDataOp, T> conv2d_bwd_data_list[] = {
    {"conv2d_bwd_data.ref", Isa::scalar, Threading::serial, nullptr, &conv2d_bwd_data_reference<T>},
};

template <class T>
const Variant<Conv2dBwdWeightsOp, T> conv2d_bwd_weights_list[] = {
    {"conv2d_bwd_weights.ref", Isa::scalar, Threading::serial, nullptr, &conv2d_bwd_weights_reference<T>},
};

template <class T>
const Variant<Conv2dBwdBiasOp, T> conv2d_bwd_bias_list[] = {
    {"conv2d_bwd_bias.ref", Isa::scalar, Threading::serial, nullptr, &conv2d_bwd_bias_reference<T>},
};

CNNKIT_DEFINE_VARIANT_LIST(Conv2dFwdOp, conv2d_fwd_list)
CNNKIT_DEFINE_VARIANT_LIST(Conv2dBwdDataOp, conv2d_bwd_data_list)
CNNKIT_DEFINE_VARIANT_LIST(Conv2dBwdWeightsOp, conv2d_bwd_weights_list)
CNNKIT_DEFINE_VARIANT_LIST(Conv2dBwdBiasOp, conv2d_bwd_bias_list)

}  // namespace cnnkit::core

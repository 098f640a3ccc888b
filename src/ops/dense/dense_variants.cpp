// The dispatch lists of the dense ops, in selection order; each reference is last.
#include "ops/dense/dense_reference.hpp"
#include "ops/op_lists.hpp"

namespace cnnkit::core {

using namespace cnnkit::ops;

template <class T>
const Variant<DenseFwdOp, T> dense_fwd_list[] = {
    {"dense_fwd.ref", Isa::scalar, Threading::serial, nullptr, &dense_fwd_reference<T>},
};

template <class T>
const Variant<DenseBwdDataOp, T> dense_bwd_data_list[] = {
    {"dense_bwd_data.ref", Isa::scalar, Threading::serial, nullptr, &dense_bwd_data_reference<T>},
};

template <class T>
const Variant<DenseBwdWeightsOp, T> dense_bwd_weights_list[] = {
    {"dense_bwd_weights.ref", Isa::scalar, Threading::serial, nullptr, &dense_bwd_weights_reference<T>},
};

template <class T>
const Variant<DenseBwdBiasOp, T> dense_bwd_bias_list[] = {
    {"dense_bwd_bias.ref", Isa::scalar, Threading::serial, nullptr, &dense_bwd_bias_reference<T>},
};

CNNKIT_DEFINE_VARIANT_LIST(DenseFwdOp, dense_fwd_list)
CNNKIT_DEFINE_VARIANT_LIST(DenseBwdDataOp, dense_bwd_data_list)
CNNKIT_DEFINE_VARIANT_LIST(DenseBwdWeightsOp, dense_bwd_weights_list)
CNNKIT_DEFINE_VARIANT_LIST(DenseBwdBiasOp, dense_bwd_bias_list)

}  // namespace cnnkit::core

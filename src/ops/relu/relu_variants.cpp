// The dispatch lists of ReLU forward and backward, in selection order; the reference is last.
#include "ops/op_lists.hpp"
#include "ops/relu/relu_reference.hpp"

namespace cnnkit::core {

using namespace cnnkit::ops;

template <class T>
const Variant<ReluFwdOp, T> relu_fwd_list[] = {
    {"relu_fwd.ref", Isa::scalar, Threading::serial, nullptr, &relu_fwd_reference<T>},
};

template <class T>
const Variant<ReluBwdOp, T> relu_bwd_list[] = {
    {"relu_bwd.ref", Isa::scalar, Threading::serial, nullptr, &relu_bwd_reference<T>},
};

CNNKIT_DEFINE_VARIANT_LIST(ReluFwdOp, relu_fwd_list)
CNNKIT_DEFINE_VARIANT_LIST(ReluBwdOp, relu_bwd_list)

}  // namespace cnnkit::core

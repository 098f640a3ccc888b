// The dispatch lists of pool2d forward and backward, in selection order; the reference is last.
#include "ops/op_lists.hpp"
#include "ops/pool2d/pool2d_reference.hpp"

namespace cnnkit::core {

using namespace cnnkit::ops;

template <class T>
const Variant<Pool2dFwdOp, T> pool2d_fwd_list[] = {
    {"pool2d_fwd.ref", Isa::scalar, Threading::serial, nullptr, &pool2d_fwd_reference<T>},
};

template <class T>
const Variant<Pool2dBwdOp, T> pool2d_bwd_list[] = {
    {"pool2d_bwd.ref", Isa::scalar, Threading::serial, nullptr, &pool2d_bwd_reference<T>},
};

CNNKIT_DEFINE_VARIANT_LIST(Pool2dFwdOp, pool2d_fwd_list)
CNNKIT_DEFINE_VARIANT_LIST(Pool2dBwdOp, pool2d_bwd_list)

}  // namespace cnnkit::core

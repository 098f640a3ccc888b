// The dispatch list of softmax cross-entropy, in selection order; the reference is last.
#include "ops/op_lists.hpp"
#include "ops/softmax_xent/softmax_xent_reference.hpp"

namespace cnnkit::core {

using namespace cnnkit::ops;

template <class T>
const Variant<SoftmaxXentOp, T> softmax_xent_list[] = {
    {"softmax_xent.ref", Isa::scalar, Threading::serial, nullptr, &softmax_xent_reference<T>},
};

CNNKIT_DEFINE_VARIANT_LIST(SoftmaxXentOp, softmax_xent_list)

}  // namespace cnnkit::core

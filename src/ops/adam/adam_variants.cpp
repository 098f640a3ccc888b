// The dispatch list of Adam, in selection order; the reference is last.
#include "ops/adam/adam_reference.hpp"
#include "ops/op_lists.hpp"

namespace cnnkit::core {

using namespace cnnkit::ops;

template <class T>
const Variant<AdamOp, T> adam_list[] = {
    {"adam.ref", Isa::scalar, Threading::serial, nullptr, &adam_reference<T>},
};

CNNKIT_DEFINE_VARIANT_LIST(AdamOp, adam_list)

}  // namespace cnnkit::core

// The dispatch list of pad, in selection order; the reference is last and accepts everything.
#include "ops/op_lists.hpp"
#include "ops/pad/pad_reference.hpp"

namespace cnnkit::core {

using ops::PadOp;

template <class T>
const Variant<PadOp, T> pad_list[] = {
    {"pad.ref", Isa::scalar, Threading::serial, nullptr, &ops::pad_reference<T>},
};

CNNKIT_DEFINE_VARIANT_LIST(PadOp, pad_list)

}  // namespace cnnkit::core

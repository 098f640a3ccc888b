// The accessors of both prepacked-weights types (cnnkit/prepack.hpp). Their data have one shape
// (detail::PackedConvWeights), so one definition serves both; their constructors (what differs:
// the layout and its packer) live in conv2d_packed_weights_api.cpp and
// conv2d_bwd_data_packed_weights_api.cpp.
#include "cnnkit/prepack.hpp"
#include "ops/conv2d/conv2d_packed_weights.hpp"

namespace cnnkit {

#define CNNKIT_PACKED_WEIGHTS_ACCESSORS(Class)                              \
  template <Real T>                                                         \
  HwioShape Class<T>::shape() const {                                       \
    return data_->shape;                                                    \
  }                                                                         \
  template <Real T>                                                         \
  std::int64_t Class<T>::groups() const {                                   \
    return data_->groups;                                                   \
  }                                                                         \
  template <Real T>                                                         \
  Isa Class<T>::isa() const {                                               \
    return data_->layout.isa;                                               \
  }                                                                         \
  /* The copy plus the packed layout. */                                    \
  template <Real T>                                                         \
  std::size_t Class<T>::bytes() const {                                     \
    return (data_->hwio.size() + data_->packed.size()) * sizeof(T);         \
  }                                                                         \
  template class Class<float>;                                              \
  template class Class<double>;

CNNKIT_PACKED_WEIGHTS_ACCESSORS(Conv2dPackedWeights)
CNNKIT_PACKED_WEIGHTS_ACCESSORS(Conv2dBackwardDataPackedWeights)

#undef CNNKIT_PACKED_WEIGHTS_ACCESSORS

}  // namespace cnnkit

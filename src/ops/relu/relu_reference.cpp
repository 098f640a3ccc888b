// The reference ReLU. Forward: y = max(x, 0) with NaN propagated (NaN > 0 is false, so NaN is
// tested for explicitly). Backward: relu'(0) = 0 and a NaN input passes dy (as PyTorch).
// Element i is read before it is written, so both work in place.
#include "ops/relu/relu_reference.hpp"

#include <cmath>

namespace cnnkit::ops {

template <class T>
void relu_fwd_reference(const EltwiseProblem& p, const T* x, T* y, const core::Exec&) {
  for (std::int64_t i = 0; i < p.count; ++i) {
    const T v = x[i];
    y[i] = (v > 0 || std::isnan(v)) ? v : T(0);
  }
}

template <class T>
void relu_bwd_reference(const EltwiseProblem& p, const T* x, const T* dy, T* dx, const core::Exec&) {
  for (std::int64_t i = 0; i < p.count; ++i) dx[i] = x[i] <= 0 ? T(0) : dy[i];
}

template void relu_fwd_reference<float>(const EltwiseProblem&, const float*, float*, const core::Exec&);
template void relu_fwd_reference<double>(const EltwiseProblem&, const double*, double*, const core::Exec&);
template void relu_bwd_reference<float>(const EltwiseProblem&, const float*, const float*, float*,
                                        const core::Exec&);
template void relu_bwd_reference<double>(const EltwiseProblem&, const double*, const double*, double*,
                                         const core::Exec&);

}  // namespace cnnkit::ops

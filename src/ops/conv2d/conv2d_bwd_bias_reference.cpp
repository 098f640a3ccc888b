// Reference bias gradient: the seeds' db += dZ over every output position.
#include <algorithm>

#include "ops/conv2d/conv2d_reference.hpp"

namespace cnnkit::ops {

template <class T>
void conv2d_bwd_bias_reference_add(std::int64_t channels, const T* dy, T* db, std::int64_t begin, std::int64_t end) {
  for (std::int64_t q = begin; q < end; ++q)
    for (std::int64_t o = 0; o < channels; ++o) db[o] += dy[q * channels + o];
}

template <class T>
void conv2d_bwd_bias_reference(const Conv2dBiasProblem& p, const T* dy, T* db, const core::Exec&) {
  std::fill(db, db + p.dy.c, T(0));
  // n, h, w in order is the flat pixel order of NHWC.
  conv2d_bwd_bias_reference_add(p.dy.c, dy, db, 0, p.dy.n * p.dy.h * p.dy.w);
}

template void conv2d_bwd_bias_reference_add<float>(std::int64_t, const float*, float*, std::int64_t, std::int64_t);
template void conv2d_bwd_bias_reference_add<double>(std::int64_t, const double*, double*, std::int64_t, std::int64_t);
template void conv2d_bwd_bias_reference<float>(const Conv2dBiasProblem&, const float*, float*, const core::Exec&);
template void conv2d_bwd_bias_reference<double>(const Conv2dBiasProblem&, const double*, double*,
                                                const core::Exec&);

}  // namespace cnnkit::ops

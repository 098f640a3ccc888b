// Reference bias gradient: the seeds' db += dZ over every output position.
#include <algorithm>

#include "ops/conv2d/conv2d_reference.hpp"
#include "ops/nhwc_index.hpp"

namespace cnnkit::ops {

template <class T>
void conv2d_bwd_bias_reference(const Conv2dBiasProblem& p, const T* dy, T* db, const core::Exec&) {
  std::fill(db, db + p.dy.c, T(0));
  for (std::int64_t n = 0; n < p.dy.n; ++n)
    for (std::int64_t h = 0; h < p.dy.h; ++h)
      for (std::int64_t w = 0; w < p.dy.w; ++w)
        for (std::int64_t o = 0; o < p.dy.c; ++o) db[o] += dy[offset(p.dy, n, h, w, o)];
}

template void conv2d_bwd_bias_reference<float>(const Conv2dBiasProblem&, const float*, float*, const core::Exec&);
template void conv2d_bwd_bias_reference<double>(const Conv2dBiasProblem&, const double*, double*,
                                                const core::Exec&);

}  // namespace cnnkit::ops

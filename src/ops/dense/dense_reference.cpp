// The reference dense products. Non-finite values: every product x * w is formed, so an infinity
// or NaN reaches exactly the outputs whose products include it (0 * inf = NaN included) and no
// other; the fast variants' zero-padded packed panels only ever feed outputs past n, which are
// never stored. They sum in another order, so only an overflow of finite partial sums (near
// +-max) may differ, as rounding does.
#include "ops/dense/dense_reference.hpp"

namespace cnnkit::ops {

// y[i, j] = sum_k x[i, k] * w[k, j] + b[j]   (bias once, after the sum)
template <class T>
void dense_fwd_reference(const DenseProblem& p, const T* x, const T* w, const T* b, T* y, const core::Exec&) {
  for (std::int64_t i = 0; i < p.m; ++i)
    for (std::int64_t j = 0; j < p.n_out; ++j) {
      T z = 0;
      for (std::int64_t k = 0; k < p.n_in; ++k) z += x[i * p.n_in + k] * w[k * p.n_out + j];
      y[i * p.n_out + j] = b ? z + b[j] : z;
    }
}

// dx[i, k] = sum_j dy[i, j] * w[k, j]
template <class T>
void dense_bwd_data_reference(const DenseProblem& p, const T* dy, const T* w, T* dx, const core::Exec&) {
  for (std::int64_t i = 0; i < p.m; ++i)
    for (std::int64_t k = 0; k < p.n_in; ++k) {
      T s = 0;
      for (std::int64_t j = 0; j < p.n_out; ++j) s += dy[i * p.n_out + j] * w[k * p.n_out + j];
      dx[i * p.n_in + k] = s;
    }
}

// dw[k, j] = sum_i x[i, k] * dy[i, j]
template <class T>
void dense_bwd_weights_reference(const DenseProblem& p, const T* x, const T* dy, T* dw, const core::Exec&) {
  for (std::int64_t k = 0; k < p.n_in; ++k)
    for (std::int64_t j = 0; j < p.n_out; ++j) {
      T s = 0;
      for (std::int64_t i = 0; i < p.m; ++i) s += x[i * p.n_in + k] * dy[i * p.n_out + j];
      dw[k * p.n_out + j] = s;
    }
}

// db[j] = sum_i dy[i, j]
template <class T>
void dense_bwd_bias_reference(const DenseProblem& p, const T* dy, T* db, const core::Exec&) {
  for (std::int64_t j = 0; j < p.n_out; ++j) {
    T s = 0;
    for (std::int64_t i = 0; i < p.m; ++i) s += dy[i * p.n_out + j];
    db[j] = s;
  }
}

#define CNNKIT_INSTANTIATE(T)                                                                               \
  template void dense_fwd_reference<T>(const DenseProblem&, const T*, const T*, const T*, T*, const core::Exec&); \
  template void dense_bwd_data_reference<T>(const DenseProblem&, const T*, const T*, T*, const core::Exec&);    \
  template void dense_bwd_weights_reference<T>(const DenseProblem&, const T*, const T*, T*, const core::Exec&); \
  template void dense_bwd_bias_reference<T>(const DenseProblem&, const T*, T*, const core::Exec&);
CNNKIT_INSTANTIATE(float)
CNNKIT_INSTANTIATE(double)
#undef CNNKIT_INSTANTIATE

}  // namespace cnnkit::ops

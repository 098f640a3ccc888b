// The dispatch list of softmax cross-entropy, in selection order; the reference is last.
//
// Per ISA tier, best first: rows split over OpenMP threads, over oneTBB threads, then one thread.
// All three run the same vectorised row kernel (xsimd exp per element, one log per row) over the
// same fixed row chunks, so the loss (a sum over rows, reduced per chunk and then in chunk order)
// has the same bits on any thread count and in every entry of a tier. The kernel reads each row
// from memory once and writes its gradient while the row is in cache; large gradients go out
// with non-temporal stores. Threaded entries decline one-thread and tiny problems (unless forced).
#include "ops/op_lists.hpp"
#include "ops/softmax_xent/softmax_xent_drivers.hpp"
#include "ops/softmax_xent/softmax_xent_reference.hpp"

namespace cnnkit::core {

using namespace cnnkit::ops;

#define CNNKIT_SOFTMAX_XENT_TIER(ISA, NAME)                                                                 \
  {"softmax_xent.simd." NAME ".omp", ISA, Threading::openmp, &softmax_xent_threads_decline<Threading::openmp>, \
   &softmax_xent_simd<ISA, Threading::openmp, T>, &softmax_xent_split},                                                          \
  {"softmax_xent.simd." NAME ".tbb", ISA, Threading::tbb, &softmax_xent_threads_decline<Threading::tbb>,    \
   &softmax_xent_simd<ISA, Threading::tbb, T>, &softmax_xent_split},                                                             \
  {"softmax_xent.simd." NAME, ISA, Threading::serial, nullptr, &softmax_xent_simd<ISA, Threading::serial, T>}

template <class T>
const Variant<SoftmaxXentOp, T> softmax_xent_list[] = {
    CNNKIT_SOFTMAX_XENT_TIER(Isa::avx512, "avx512"),
    CNNKIT_SOFTMAX_XENT_TIER(Isa::avx2_fma, "avx2_fma"),
    CNNKIT_SOFTMAX_XENT_TIER(Isa::sse4_2, "sse4_2"),
    {"softmax_xent.ref", Isa::scalar, Threading::serial, nullptr, &softmax_xent_reference<T>},
};

CNNKIT_DEFINE_VARIANT_LIST(SoftmaxXentOp, softmax_xent_list)

}  // namespace cnnkit::core

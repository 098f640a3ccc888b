// The dispatch list of Adam, in selection order; the reference is last.
//
// Per ISA tier, best first: elements split over OpenMP threads, over oneTBB threads, then one
// thread. All three run the same vectorised element kernel (one read of param, grad, m, v and one
// write of param, m, v per element; xsimd sqrt; the formula picked once per call), so they give
// the same bits; threads split at 64-byte boundaries of param (no shared written cache line).
// Adam is bound by memory bandwidth, which one core does not saturate, hence the threaded rungs
// first; they decline one-thread and tiny problems unless forced.
#include "ops/adam/adam_drivers.hpp"
#include "ops/adam/adam_reference.hpp"
#include "ops/op_lists.hpp"

namespace cnnkit::core {

using namespace cnnkit::ops;

#define CNNKIT_ADAM_TIER(ISA, NAME)                                                                            \
  {"adam.simd." NAME ".omp", ISA, Threading::openmp, &adam_threads_decline<Threading::openmp>,                 \
   &adam_simd<ISA, Threading::openmp, T>, &adam_split<T>},                                                                     \
  {"adam.simd." NAME ".tbb", ISA, Threading::tbb, &adam_threads_decline<Threading::tbb>,                       \
   &adam_simd<ISA, Threading::tbb, T>, &adam_split<T>},                                                                        \
  {"adam.simd." NAME, ISA, Threading::serial, nullptr, &adam_simd<ISA, Threading::serial, T>}

template <class T>
const Variant<AdamOp, T> adam_list[] = {
    CNNKIT_ADAM_TIER(Isa::avx512, "avx512"),
    CNNKIT_ADAM_TIER(Isa::avx2_fma, "avx2_fma"),
    CNNKIT_ADAM_TIER(Isa::sse4_2, "sse4_2"),
    {"adam.ref", Isa::scalar, Threading::serial, nullptr, &adam_reference<T>},
};

CNNKIT_DEFINE_VARIANT_LIST(AdamOp, adam_list)

}  // namespace cnnkit::core

// The dispatch lists of the dense ops, in selection order; each reference is last.
//
// The three products are one GEMM (dense_gemm.hpp). Per ISA tier, best first:
//   blocked (.omp, .tbb, serial): pack B once per call into panels, cache-blocked C tiles over
//     packed A micro-panels with the register-blocked microkernel; the fastest once the product has
//     enough rows and depth to repay the packing, so unforced it declines smaller products;
//   simd (.omp, .tbb, serial): register tiles straight from the operands, nothing packed: the one
//     for small batches (e.g. m = 8 classifier heads, where packing W would double its traffic).
//     It has threaded entries too because such products can still be big enough for two threads.
// Threaded entries split disjoint C tiles (never the sum over k), so they match their serial
// sibling bitwise at any thread count; they decline one thread and products under ~2 MFLOP.
// The bias gradient: fixed row chunks summed in chunk order, threaded or not.
#include "ops/dense/dense_drivers.hpp"
#include "ops/dense/dense_reference.hpp"
#include "ops/op_lists.hpp"

namespace cnnkit::core {

using namespace cnnkit::ops;

constexpr auto omp = Threading::openmp;
constexpr auto tbb = Threading::tbb;
constexpr auto serial = Threading::serial;

#define CNNKIT_DENSE_TIER(P, ISA, NAME)                                                                        \
  {"dense_" #P ".blocked." NAME ".omp", ISA, omp, &dense_blocked_declines<DenseProduct::P, omp>,                   \
   &dense_##P##_blocked<ISA, omp, T>, &dense_blocked_split<ISA, DenseProduct::P, omp, T>},                                                                             \
  {"dense_" #P ".blocked." NAME ".tbb", ISA, tbb, &dense_blocked_declines<DenseProduct::P, tbb>,                   \
   &dense_##P##_blocked<ISA, tbb, T>, &dense_blocked_split<ISA, DenseProduct::P, tbb, T>},                                                                             \
  {"dense_" #P ".blocked." NAME, ISA, serial, &dense_blocked_declines<DenseProduct::P, serial>,                    \
   &dense_##P##_blocked<ISA, serial, T>},                                                                          \
  {"dense_" #P ".simd." NAME ".omp", ISA, omp, &dense_threads_decline<omp>, &dense_##P##_simd<ISA, omp, T>, &dense_simd_split<ISA, DenseProduct::P, T>},       \
  {"dense_" #P ".simd." NAME ".tbb", ISA, tbb, &dense_threads_decline<tbb>, &dense_##P##_simd<ISA, tbb, T>, &dense_simd_split<ISA, DenseProduct::P, T>},       \
  {"dense_" #P ".simd." NAME, ISA, serial, nullptr, &dense_##P##_simd<ISA, serial, T>}

#define CNNKIT_DENSE_TIERS(P)                                 \
  CNNKIT_DENSE_TIER(P, Isa::avx512, "avx512"),                \
  CNNKIT_DENSE_TIER(P, Isa::avx2_fma, "avx2_fma"),            \
  CNNKIT_DENSE_TIER(P, Isa::sse4_2, "sse4_2")

template <class T>
const Variant<DenseFwdOp, T> dense_fwd_list[] = {
    CNNKIT_DENSE_TIERS(fwd),
    {"dense_fwd.ref", Isa::scalar, serial, nullptr, &dense_fwd_reference<T>},
};

template <class T>
const Variant<DenseBwdDataOp, T> dense_bwd_data_list[] = {
    CNNKIT_DENSE_TIERS(bwd_data),
    {"dense_bwd_data.ref", Isa::scalar, serial, nullptr, &dense_bwd_data_reference<T>},
};

template <class T>
const Variant<DenseBwdWeightsOp, T> dense_bwd_weights_list[] = {
    CNNKIT_DENSE_TIERS(bwd_weights),
    {"dense_bwd_weights.ref", Isa::scalar, serial, nullptr, &dense_bwd_weights_reference<T>},
};

#define CNNKIT_DENSE_BIAS_TIER(ISA, NAME)                                                                          \
  {"dense_bwd_bias.simd." NAME ".omp", ISA, omp, &dense_bias_threads_decline<omp>, &dense_bwd_bias_simd<ISA, omp, T>, &dense_bias_split<T>}, \
  {"dense_bwd_bias.simd." NAME ".tbb", ISA, tbb, &dense_bias_threads_decline<tbb>, &dense_bwd_bias_simd<ISA, tbb, T>, &dense_bias_split<T>}, \
  {"dense_bwd_bias.simd." NAME, ISA, serial, nullptr, &dense_bwd_bias_simd<ISA, serial, T>}

template <class T>
const Variant<DenseBwdBiasOp, T> dense_bwd_bias_list[] = {
    CNNKIT_DENSE_BIAS_TIER(Isa::avx512, "avx512"),
    CNNKIT_DENSE_BIAS_TIER(Isa::avx2_fma, "avx2_fma"),
    CNNKIT_DENSE_BIAS_TIER(Isa::sse4_2, "sse4_2"),
    {"dense_bwd_bias.ref", Isa::scalar, serial, nullptr, &dense_bwd_bias_reference<T>},
};

CNNKIT_DEFINE_VARIANT_LIST(DenseFwdOp, dense_fwd_list)
CNNKIT_DEFINE_VARIANT_LIST(DenseBwdDataOp, dense_bwd_data_list)
CNNKIT_DEFINE_VARIANT_LIST(DenseBwdWeightsOp, dense_bwd_weights_list)
CNNKIT_DEFINE_VARIANT_LIST(DenseBwdBiasOp, dense_bwd_bias_list)

}  // namespace cnnkit::core

// The dispatch lists of the four conv2d ops, in selection order; each reference is last and
// accepts everything. The whole conv2d dispatch policy is on this screen.
#include "ops/conv2d/conv2d_bwd_data_drivers.hpp"
#include "ops/conv2d/conv2d_fwd_drivers.hpp"
#include "ops/conv2d/conv2d_reference.hpp"
#include "ops/op_lists.hpp"

namespace cnnkit::core {

using namespace cnnkit::ops;

constexpr auto omp = Threading::openmp;
constexpr auto tbb = Threading::tbb;
constexpr auto serial = Threading::serial;

// Per ISA tier, best first: blocked across threads (OpenMP, then oneTBB), blocked on one thread,
// the plain vectorised loop nest. Threaded entries decline one-thread and tiny problems.
#define CNNKIT_CONV2D_FWD_TIER(ISA, NAME)                                                                            \
  {"conv2d_fwd.blocked." NAME ".omp", ISA, omp, &conv2d_threads_decline<omp>, &conv2d_fwd_blocked<ISA, omp, T>},     \
  {"conv2d_fwd.blocked." NAME ".tbb", ISA, tbb, &conv2d_threads_decline<tbb>, &conv2d_fwd_blocked<ISA, tbb, T>},     \
  {"conv2d_fwd.blocked." NAME, ISA, serial, nullptr, &conv2d_fwd_blocked<ISA, serial, T>},                           \
  {"conv2d_fwd.simd." NAME, ISA, serial, nullptr, &conv2d_fwd_simd<ISA, T>}

template <class T>
const Variant<Conv2dFwdOp, T> conv2d_fwd_list[] = {
    CNNKIT_CONV2D_FWD_TIER(Isa::avx512, "avx512"),
    CNNKIT_CONV2D_FWD_TIER(Isa::avx2_fma, "avx2_fma"),
    CNNKIT_CONV2D_FWD_TIER(Isa::sse4_2, "sse4_2"),
    {"conv2d_fwd.ref", Isa::scalar, serial, nullptr, &conv2d_fwd_reference<T>},
};

#define CNNKIT_CONV2D_BWD_DATA_TIER(ISA, NAME)                                                                    \
  {"conv2d_bwd_data.blocked." NAME ".omp", ISA, omp, &conv2d_threads_decline<omp>,                                \
   &conv2d_bwd_data_blocked<ISA, omp, T>},                                                                       \
  {"conv2d_bwd_data.blocked." NAME ".tbb", ISA, tbb, &conv2d_threads_decline<tbb>,                                \
   &conv2d_bwd_data_blocked<ISA, tbb, T>},                                                                       \
  {"conv2d_bwd_data.blocked." NAME, ISA, serial, nullptr, &conv2d_bwd_data_blocked<ISA, serial, T>},              \
  {"conv2d_bwd_data.simd." NAME, ISA, serial, nullptr, &conv2d_bwd_data_simd<ISA, T>}

template <class T>
const Variant<Conv2dBwdDataOp, T> conv2d_bwd_data_list[] = {
    CNNKIT_CONV2D_BWD_DATA_TIER(Isa::avx512, "avx512"),
    CNNKIT_CONV2D_BWD_DATA_TIER(Isa::avx2_fma, "avx2_fma"),
    CNNKIT_CONV2D_BWD_DATA_TIER(Isa::sse4_2, "sse4_2"),
    {"conv2d_bwd_data.ref", Isa::scalar, Threading::serial, nullptr, &conv2d_bwd_data_reference<T>},
};

template <class T>
const Variant<Conv2dBwdWeightsOp, T> conv2d_bwd_weights_list[] = {
    {"conv2d_bwd_weights.ref", Isa::scalar, Threading::serial, nullptr, &conv2d_bwd_weights_reference<T>},
};

template <class T>
const Variant<Conv2dBwdBiasOp, T> conv2d_bwd_bias_list[] = {
    {"conv2d_bwd_bias.ref", Isa::scalar, Threading::serial, nullptr, &conv2d_bwd_bias_reference<T>},
};

CNNKIT_DEFINE_VARIANT_LIST(Conv2dFwdOp, conv2d_fwd_list)
CNNKIT_DEFINE_VARIANT_LIST(Conv2dBwdDataOp, conv2d_bwd_data_list)
CNNKIT_DEFINE_VARIANT_LIST(Conv2dBwdWeightsOp, conv2d_bwd_weights_list)
CNNKIT_DEFINE_VARIANT_LIST(Conv2dBwdBiasOp, conv2d_bwd_bias_list)

}  // namespace cnnkit::core

// The dispatch lists of the four conv2d ops, in selection order; each reference is last and
// accepts everything. The whole conv2d dispatch policy is on this screen.
#include "ops/conv2d/conv2d_bwd_bias_drivers.hpp"
#include "ops/conv2d/conv2d_bwd_data_drivers.hpp"
#include "ops/conv2d/conv2d_bwd_weights_drivers.hpp"
#include "ops/conv2d/conv2d_dispatch_rules.hpp"
#include "ops/conv2d/conv2d_fwd_drivers.hpp"
#include "ops/conv2d/conv2d_reference.hpp"
#include "ops/conv2d/depthwise/depthwise_drivers.hpp"
#include "ops/op_lists.hpp"

namespace cnnkit::core {

using namespace cnnkit::ops;

constexpr auto omp = Threading::openmp;
constexpr auto tbb = Threading::tbb;
constexpr auto serial = Threading::serial;

// Per ISA tier, best first: the depthwise kernels (channels in the lanes; they take only depthwise
// problems), blocked across threads (OpenMP, then oneTBB), blocked on one thread, the plain
// vectorised loop nest. The measured rules that make an entry pass a problem on to a
// faster one (threads only above a work floor; depthwise shapes where a narrower tier's kernel is
// faster) live in conv2d_dispatch_rules.hpp.
constexpr auto fwd = ConvDirection::fwd;
constexpr auto bwd_data = ConvDirection::bwd_data;
constexpr auto bwd_weights = ConvDirection::bwd_weights;

// The depthwise entries of one tier for op OP (fwd, bwd_data, bwd_weights) run by FN.
#define CNNKIT_CONV2D_DEPTHWISE(OP, FN, ISA, NAME)                                                               \
  {"conv2d_" #OP ".depthwise." NAME ".omp", ISA, omp, &conv2d_depthwise_rule<omp>, &FN<ISA, omp, T>,              \
   &FN##_split<ISA, T>},                                                                                          \
  {"conv2d_" #OP ".depthwise." NAME ".tbb", ISA, tbb, &conv2d_depthwise_rule<tbb>, &FN<ISA, tbb, T>,              \
   &FN##_split<ISA, T>},                                                                                          \
  {"conv2d_" #OP ".depthwise." NAME, ISA, serial, &conv2d_depthwise_rule<serial>, &FN<ISA, serial, T>}

#define CNNKIT_CONV2D_FWD_TIER(ISA, NAME)                                                                            \
  CNNKIT_CONV2D_DEPTHWISE(fwd, conv2d_fwd_depthwise, ISA, NAME),                                                     \
  {"conv2d_fwd.blocked." NAME ".omp", ISA, omp, &conv2d_threads_rule<fwd, ISA, omp, T>, &conv2d_fwd_blocked<ISA, omp, T>, &conv2d_fwd_blocked_split<ISA, omp, T>}, \
  {"conv2d_fwd.blocked." NAME ".tbb", ISA, tbb, &conv2d_threads_rule<fwd, ISA, tbb, T>, &conv2d_fwd_blocked<ISA, tbb, T>, &conv2d_fwd_blocked_split<ISA, tbb, T>}, \
  {"conv2d_fwd.blocked." NAME, ISA, serial, &conv2d_blocked_rule<fwd, ISA, T>, &conv2d_fwd_blocked<ISA, serial, T>},     \
  {"conv2d_fwd.simd." NAME, ISA, serial, &conv2d_simd_rule<fwd, ISA, T>, &conv2d_fwd_simd<ISA, T>}

template <class T>
const Variant<Conv2dFwdOp, T> conv2d_fwd_list[] = {
    CNNKIT_CONV2D_FWD_TIER(Isa::avx512, "avx512"),
    CNNKIT_CONV2D_FWD_TIER(Isa::avx2_fma, "avx2_fma"),
    CNNKIT_CONV2D_FWD_TIER(Isa::sse4_2, "sse4_2"),
    {"conv2d_fwd.ref", Isa::scalar, serial, nullptr, &conv2d_fwd_reference<T>},
};

#define CNNKIT_CONV2D_BWD_DATA_TIER(ISA, NAME)                                                                    \
  CNNKIT_CONV2D_DEPTHWISE(bwd_data, conv2d_bwd_data_depthwise, ISA, NAME),                                         \
  {"conv2d_bwd_data.blocked." NAME ".omp", ISA, omp, &conv2d_threads_rule<bwd_data, ISA, omp, T>,                  \
   &conv2d_bwd_data_blocked<ISA, omp, T>, &conv2d_bwd_data_blocked_split<ISA, omp, T>},                                                                       \
  {"conv2d_bwd_data.blocked." NAME ".tbb", ISA, tbb, &conv2d_threads_rule<bwd_data, ISA, tbb, T>,                  \
   &conv2d_bwd_data_blocked<ISA, tbb, T>, &conv2d_bwd_data_blocked_split<ISA, tbb, T>},                                                                       \
  {"conv2d_bwd_data.blocked." NAME, ISA, serial, &conv2d_blocked_rule<bwd_data, ISA, T>,                           \
   &conv2d_bwd_data_blocked<ISA, serial, T>},                                                                    \
  {"conv2d_bwd_data.simd." NAME, ISA, serial, &conv2d_simd_rule<bwd_data, ISA, T>, &conv2d_bwd_data_simd<ISA, T>}

template <class T>
const Variant<Conv2dBwdDataOp, T> conv2d_bwd_data_list[] = {
    CNNKIT_CONV2D_BWD_DATA_TIER(Isa::avx512, "avx512"),
    CNNKIT_CONV2D_BWD_DATA_TIER(Isa::avx2_fma, "avx2_fma"),
    CNNKIT_CONV2D_BWD_DATA_TIER(Isa::sse4_2, "sse4_2"),
    {"conv2d_bwd_data.ref", Isa::scalar, Threading::serial, nullptr, &conv2d_bwd_data_reference<T>},
};

// Backward weights and bias: the same ladder per tier. Their threaded entries split fixed parts
// of the result (weights: disjoint dW blocks; bias: shape-sized pixel chunks added in order), so
// they match their serial sibling bitwise at any thread count.
#define CNNKIT_CONV2D_BWD_WEIGHTS_TIER(ISA, NAME)                                                         \
  CNNKIT_CONV2D_DEPTHWISE(bwd_weights, conv2d_bwd_weights_depthwise, ISA, NAME),                          \
  {"conv2d_bwd_weights.blocked." NAME ".omp", ISA, omp, &conv2d_threads_rule<bwd_weights, ISA, omp, T>,       \
   &conv2d_bwd_weights_blocked<ISA, omp, T>, &conv2d_bwd_weights_blocked_split<ISA, omp, T>},                                                             \
  {"conv2d_bwd_weights.blocked." NAME ".tbb", ISA, tbb, &conv2d_threads_rule<bwd_weights, ISA, tbb, T>,       \
   &conv2d_bwd_weights_blocked<ISA, tbb, T>, &conv2d_bwd_weights_blocked_split<ISA, tbb, T>},                                                             \
  {"conv2d_bwd_weights.blocked." NAME, ISA, serial, &conv2d_blocked_rule<bwd_weights, ISA, T>,               \
   &conv2d_bwd_weights_blocked<ISA, serial, T>},                                                          \
  {"conv2d_bwd_weights.simd." NAME, ISA, serial, &conv2d_simd_rule<bwd_weights, ISA, T>,                     \
   &conv2d_bwd_weights_simd<ISA, T>}

#define CNNKIT_CONV2D_BWD_BIAS_TIER(ISA, NAME)                                                                   \
  {"conv2d_bwd_bias.blocked." NAME ".omp", ISA, omp, &conv2d_bias_threads_decline<omp>,                          \
   &conv2d_bwd_bias_blocked<ISA, omp, T>, &conv2d_bwd_bias_blocked_split<ISA, omp, T>},                                                                       \
  {"conv2d_bwd_bias.blocked." NAME ".tbb", ISA, tbb, &conv2d_bias_threads_decline<tbb>,                          \
   &conv2d_bwd_bias_blocked<ISA, tbb, T>, &conv2d_bwd_bias_blocked_split<ISA, tbb, T>},                                                                       \
  {"conv2d_bwd_bias.blocked." NAME, ISA, serial, &conv2d_bias_blocked_decline<ISA, T>,                          \
   &conv2d_bwd_bias_blocked<ISA, serial, T>},                                                                    \
  {"conv2d_bwd_bias.simd." NAME, ISA, serial, nullptr, &conv2d_bwd_bias_simd<ISA, T>}

template <class T>
const Variant<Conv2dBwdWeightsOp, T> conv2d_bwd_weights_list[] = {
    CNNKIT_CONV2D_BWD_WEIGHTS_TIER(Isa::avx512, "avx512"),
    CNNKIT_CONV2D_BWD_WEIGHTS_TIER(Isa::avx2_fma, "avx2_fma"),
    CNNKIT_CONV2D_BWD_WEIGHTS_TIER(Isa::sse4_2, "sse4_2"),
    {"conv2d_bwd_weights.ref", Isa::scalar, Threading::serial, nullptr, &conv2d_bwd_weights_reference<T>},
};

template <class T>
const Variant<Conv2dBwdBiasOp, T> conv2d_bwd_bias_list[] = {
    CNNKIT_CONV2D_BWD_BIAS_TIER(Isa::avx512, "avx512"),
    CNNKIT_CONV2D_BWD_BIAS_TIER(Isa::avx2_fma, "avx2_fma"),
    CNNKIT_CONV2D_BWD_BIAS_TIER(Isa::sse4_2, "sse4_2"),
    {"conv2d_bwd_bias.ref", Isa::scalar, Threading::serial, nullptr, &conv2d_bwd_bias_reference<T>},
};

CNNKIT_DEFINE_VARIANT_LIST(Conv2dFwdOp, conv2d_fwd_list)
CNNKIT_DEFINE_VARIANT_LIST(Conv2dBwdDataOp, conv2d_bwd_data_list)
CNNKIT_DEFINE_VARIANT_LIST(Conv2dBwdWeightsOp, conv2d_bwd_weights_list)
CNNKIT_DEFINE_VARIANT_LIST(Conv2dBwdBiasOp, conv2d_bwd_bias_list)

}  // namespace cnnkit::core

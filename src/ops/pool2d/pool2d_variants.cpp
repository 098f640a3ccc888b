// The dispatch lists of pool2d forward and backward, in selection order; the reference is last.
//
// The pool2d ladder. Pooling moves each byte once and computes little, so every rung is about
// memory order; all of them vectorise across channels (NHWC keeps a pixel's channels contiguous)
// and reproduce the reference bitwise: max applies the reference's winner rule lane by lane (first
// NaN wins, ties keep the earlier cell, so +-0 and NaN bits match), average adds in the same order
// and divides by the same divisor. Forward has one kernel (output rows n*ho, each pixel's clipped
// window) run serially or split over threads; rows are independent. Backward scatters into
// overlapping windows, so its threaded rungs split dx rows instead (each worker evaluates the
// windows touching its rows, re-evaluating the few cut by a band edge): no two threads write a
// cell, each cell sums its windows in reference order, and results match at any thread count.
// "blocked" zeroes each dx row just before it is accumulated (in cache) and writes
// non-overlapping windows once with streaming stores; "simd" is the plain zero-then-scatter nest.
// Unforced, a tier passes on fewer channels than its lanes (the next tier wastes fewer lanes).
#include "ops/op_lists.hpp"
#include "ops/pool2d/pool2d_drivers.hpp"
#include "ops/pool2d/pool2d_reference.hpp"

namespace cnnkit::core {

using namespace cnnkit::ops;

constexpr auto omp = Threading::openmp;
constexpr auto tbb = Threading::tbb;
constexpr auto serial = Threading::serial;

#define CNNKIT_POOL2D_FWD_TIER(ISA, NAME)                                                                          \
  {"pool2d_fwd.simd." NAME ".omp", ISA, omp, &pool2d_fwd_declines<ISA, omp, T>, &pool2d_fwd_simd<ISA, omp, T>},    \
  {"pool2d_fwd.simd." NAME ".tbb", ISA, tbb, &pool2d_fwd_declines<ISA, tbb, T>, &pool2d_fwd_simd<ISA, tbb, T>},    \
  {"pool2d_fwd.simd." NAME, ISA, serial, &pool2d_fwd_declines<ISA, serial, T>, &pool2d_fwd_simd<ISA, serial, T>}

template <class T>
const Variant<Pool2dFwdOp, T> pool2d_fwd_list[] = {
    CNNKIT_POOL2D_FWD_TIER(Isa::avx512, "avx512"),
    CNNKIT_POOL2D_FWD_TIER(Isa::avx2_fma, "avx2_fma"),
    CNNKIT_POOL2D_FWD_TIER(Isa::sse4_2, "sse4_2"),
    {"pool2d_fwd.ref", Isa::scalar, serial, nullptr, &pool2d_fwd_reference<T>},
};

#define CNNKIT_POOL2D_BWD_TIER(ISA, NAME)                                                                          \
  {"pool2d_bwd.blocked." NAME ".omp", ISA, omp, &pool2d_bwd_declines<ISA, omp, T>,                               \
   &pool2d_bwd_blocked<ISA, omp, T>},                                                                             \
  {"pool2d_bwd.blocked." NAME ".tbb", ISA, tbb, &pool2d_bwd_declines<ISA, tbb, T>,                               \
   &pool2d_bwd_blocked<ISA, tbb, T>},                                                                             \
  {"pool2d_bwd.blocked." NAME, ISA, serial, &pool2d_bwd_declines<ISA, serial, T>,                                \
   &pool2d_bwd_blocked<ISA, serial, T>},                                                                          \
  {"pool2d_bwd.simd." NAME, ISA, serial, &pool2d_bwd_declines<ISA, serial, T>, &pool2d_bwd_simd<ISA, T>}

template <class T>
const Variant<Pool2dBwdOp, T> pool2d_bwd_list[] = {
    CNNKIT_POOL2D_BWD_TIER(Isa::avx512, "avx512"),
    CNNKIT_POOL2D_BWD_TIER(Isa::avx2_fma, "avx2_fma"),
    CNNKIT_POOL2D_BWD_TIER(Isa::sse4_2, "sse4_2"),
    {"pool2d_bwd.ref", Isa::scalar, serial, nullptr, &pool2d_bwd_reference<T>},
};

CNNKIT_DEFINE_VARIANT_LIST(Pool2dFwdOp, pool2d_fwd_list)
CNNKIT_DEFINE_VARIANT_LIST(Pool2dBwdOp, pool2d_bwd_list)

}  // namespace cnnkit::core

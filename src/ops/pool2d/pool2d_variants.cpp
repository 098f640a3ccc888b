// The dispatch lists of pool2d forward and backward, in selection order; the reference is last.
//
// The pool2d ladder. Pooling is memory-bound, so every rung is about access order: all vectorise
// across channels, prefetch along the window rows, and are bitwise equal to the reference (max: its
// winner rule per lane, first NaN wins and ties keep the earlier cell; average: same summation
// order and divisor). Forward: one row kernel ("simd"), threaded rungs split output rows n*ho
// (and their columns when the rows are few per thread, pool2d_split.hpp).
// Backward scatters into overlapping windows, so threaded rungs split dx rows instead: each worker
// evaluates the windows touching its rows (re-evaluating the few cut by a band edge), no two threads
// write a cell, each cell sums its windows in reference order, and any thread count gives the same
// bits. "blocked" zeroes each dx row just before accumulating it (in cache) and writes disjoint
// windows once (streaming when large); "simd" is the plain zero-then-scatter nest. Unforced, a tier
// passes on channels that fill whole vectors of the next narrower tier only (C = 8 on avx512).
#include "ops/op_lists.hpp"
#include "ops/pool2d/pool2d_drivers.hpp"
#include "ops/pool2d/pool2d_fwd_separable.hpp"
#include "ops/pool2d/pool2d_reference.hpp"
#include "ops/pool2d/pool2d_sliding.hpp"
#include "ops/pool2d/pool2d_split.hpp"

namespace cnnkit::core {

using namespace cnnkit::ops;

constexpr auto omp = Threading::openmp;
constexpr auto tbb = Threading::tbb;
constexpr auto serial = Threading::serial;

#define CNNKIT_POOL2D_FWD_TIER(ISA, NAME)                                                                          \
  {"pool2d_fwd.separable." NAME ".omp", ISA, omp, &pool2d_fwd_separable_declines<ISA, omp, T>,                   \
   &pool2d_fwd_separable<ISA, omp, T>, &pool_separable_row_split},                                                                           \
  {"pool2d_fwd.separable." NAME ".tbb", ISA, tbb, &pool2d_fwd_separable_declines<ISA, tbb, T>,                   \
   &pool2d_fwd_separable<ISA, tbb, T>, &pool_separable_row_split},                                                                           \
  {"pool2d_fwd.separable." NAME, ISA, serial, &pool2d_fwd_separable_declines<ISA, serial, T>,                    \
   &pool2d_fwd_separable<ISA, serial, T>},                                                                        \
  {"pool2d_fwd.simd." NAME ".omp", ISA, omp, &pool2d_fwd_declines<ISA, omp, T>, &pool2d_fwd_simd<ISA, omp, T>, &pool_output_part_split<omp>},    \
  {"pool2d_fwd.simd." NAME ".tbb", ISA, tbb, &pool2d_fwd_declines<ISA, tbb, T>, &pool2d_fwd_simd<ISA, tbb, T>, &pool_output_part_split<tbb>},    \
  {"pool2d_fwd.simd." NAME, ISA, serial, &pool2d_fwd_declines<ISA, serial, T>, &pool2d_fwd_simd<ISA, serial, T>}

// Few channels (C under one vector of the tier): the sliding kernel, ahead of simd of its tier.
#define CNNKIT_POOL2D_FWD_SLIDING(ISA, NAME)                                                             \
  {"pool2d_fwd.sliding." NAME ".omp", ISA, omp, &pool2d_fwd_sliding_declines<ISA, omp, T>,               \
   &pool2d_fwd_sliding<ISA, omp, T>, &pool_output_row_split},                                                                    \
  {"pool2d_fwd.sliding." NAME ".tbb", ISA, tbb, &pool2d_fwd_sliding_declines<ISA, tbb, T>,               \
   &pool2d_fwd_sliding<ISA, tbb, T>, &pool_output_row_split},                                                                    \
  {"pool2d_fwd.sliding." NAME, ISA, serial, &pool2d_fwd_sliding_declines<ISA, serial, T>,                \
   &pool2d_fwd_sliding<ISA, serial, T>}

template <class T>
const Variant<Pool2dFwdOp, T> pool2d_fwd_list[] = {
    CNNKIT_POOL2D_FWD_SLIDING(Isa::avx512, "avx512"),
    CNNKIT_POOL2D_FWD_TIER(Isa::avx512, "avx512"),
    CNNKIT_POOL2D_FWD_SLIDING(Isa::avx2_fma, "avx2_fma"),
    CNNKIT_POOL2D_FWD_TIER(Isa::avx2_fma, "avx2_fma"),
    CNNKIT_POOL2D_FWD_SLIDING(Isa::sse4_2, "sse4_2"),
    CNNKIT_POOL2D_FWD_TIER(Isa::sse4_2, "sse4_2"),
    {"pool2d_fwd.ref", Isa::scalar, serial, nullptr, &pool2d_fwd_reference<T>},
};

#define CNNKIT_POOL2D_BWD_TIER(ISA, NAME)                                                                          \
  {"pool2d_bwd.blocked." NAME ".omp", ISA, omp, &pool2d_bwd_declines<ISA, omp, T>,                               \
   &pool2d_bwd_blocked<ISA, omp, T>, &pool_input_row_split},                                                                             \
  {"pool2d_bwd.blocked." NAME ".tbb", ISA, tbb, &pool2d_bwd_declines<ISA, tbb, T>,                               \
   &pool2d_bwd_blocked<ISA, tbb, T>, &pool_input_row_split},                                                                             \
  {"pool2d_bwd.blocked." NAME, ISA, serial, &pool2d_bwd_blocked_declines<ISA, T>,                                \
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

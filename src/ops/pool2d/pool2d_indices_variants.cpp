// The dispatch lists of max pooling with saved indices, in selection order; the reference is last.
// Forward ("simd"): pool2d_fwd's winner search per lane (the x-based backward's, which tracks the
// winning tap), tap -> plane index at store; threaded rungs split output rows n*ho (and their
// columns when the rows are few per thread). Backward from indices: "blocked" writes disjoint
// windows densely in one pass (dx = index == cell ? 0 + dy : 0) and zeroes each dx row just before
// accumulating overlapping ones; threaded rungs split dx rows (bitwise the serial result); "simd"
// is the plain zero-then-scatter nest. All are bitwise equal to
// the reference and report the same (smallest) position of an index outside its window.
#include "ops/op_lists.hpp"
#include "ops/pool2d/pool2d_indices_drivers.hpp"
#include "ops/pool2d/pool2d_indices_reference.hpp"
#include "ops/pool2d/pool2d_indices_scatter.hpp"
#include "ops/pool2d/pool2d_split.hpp"

namespace cnnkit::core {

using namespace cnnkit::ops;

namespace {
constexpr auto omp = Threading::openmp;
constexpr auto tbb = Threading::tbb;
constexpr auto serial = Threading::serial;
}  // namespace

#define CNNKIT_POOL2D_FWD_INDICES_TIER(ISA, NAME)                                                               \
  {"pool2d_fwd_indices.simd." NAME ".omp", ISA, omp, &pool2d_fwd_indices_declines<ISA, omp, T>,                 \
   &pool2d_fwd_indices_simd<ISA, omp, T>, &pool_output_part_split<omp>},                                                                      \
  {"pool2d_fwd_indices.simd." NAME ".tbb", ISA, tbb, &pool2d_fwd_indices_declines<ISA, tbb, T>,                 \
   &pool2d_fwd_indices_simd<ISA, tbb, T>, &pool_output_part_split<tbb>},                                                                      \
  {"pool2d_fwd_indices.simd." NAME, ISA, serial, &pool2d_fwd_indices_declines<ISA, serial, T>,                  \
   &pool2d_fwd_indices_simd<ISA, serial, T>}

template <class T>
const Variant<Pool2dFwdIndicesOp, T> pool2d_fwd_indices_list[] = {
    CNNKIT_POOL2D_FWD_INDICES_TIER(Isa::avx512, "avx512"),
    CNNKIT_POOL2D_FWD_INDICES_TIER(Isa::avx2_fma, "avx2_fma"),
    CNNKIT_POOL2D_FWD_INDICES_TIER(Isa::sse4_2, "sse4_2"),
    {"pool2d_fwd_indices.ref", Isa::scalar, serial, nullptr, &pool2d_fwd_indices_reference<T>},
};

#define CNNKIT_POOL2D_BWD_INDICES_TIER(ISA, NAME)                                                               \
  {"pool2d_bwd_indices.blocked." NAME ".omp", ISA, omp, &pool2d_bwd_indices_declines<ISA, omp, T>,              \
   &pool2d_bwd_indices_blocked<ISA, omp, T>, &pool_input_row_split},                                                                   \
  {"pool2d_bwd_indices.blocked." NAME ".tbb", ISA, tbb, &pool2d_bwd_indices_declines<ISA, tbb, T>,              \
   &pool2d_bwd_indices_blocked<ISA, tbb, T>, &pool_input_row_split},                                                                   \
  {"pool2d_bwd_indices.blocked." NAME, ISA, serial, &pool2d_bwd_indices_blocked_declines<ISA, T>,              \
   &pool2d_bwd_indices_blocked<ISA, serial, T>},                                                                \
  {"pool2d_bwd_indices.simd." NAME, ISA, serial, &pool2d_bwd_indices_declines<ISA, serial, T>,                  \
   &pool2d_bwd_indices_simd<ISA, T>}

template <class T>
const Variant<Pool2dBwdIndicesOp, T> pool2d_bwd_indices_list[] = {
    // Scalar code: no ISA tier needed, first because it declines all but the shapes it wins.
    {"pool2d_bwd_indices.scatter.omp", Isa::scalar, omp, &pool2d_bwd_indices_scatter_declines<omp, T>,
     &pool2d_bwd_indices_scatter<omp, T>, &pool_input_row_split},
    {"pool2d_bwd_indices.scatter.tbb", Isa::scalar, tbb, &pool2d_bwd_indices_scatter_declines<tbb, T>,
     &pool2d_bwd_indices_scatter<tbb, T>, &pool_input_row_split},
    {"pool2d_bwd_indices.scatter", Isa::scalar, serial, &pool2d_bwd_indices_scatter_declines<serial, T>,
     &pool2d_bwd_indices_scatter<serial, T>},
    CNNKIT_POOL2D_BWD_INDICES_TIER(Isa::avx512, "avx512"),
    CNNKIT_POOL2D_BWD_INDICES_TIER(Isa::avx2_fma, "avx2_fma"),
    CNNKIT_POOL2D_BWD_INDICES_TIER(Isa::sse4_2, "sse4_2"),
    {"pool2d_bwd_indices.ref", Isa::scalar, serial, nullptr, &pool2d_bwd_indices_reference<T>},
};

CNNKIT_DEFINE_VARIANT_LIST(Pool2dFwdIndicesOp, pool2d_fwd_indices_list)
CNNKIT_DEFINE_VARIANT_LIST(Pool2dBwdIndicesOp, pool2d_bwd_indices_list)

}  // namespace cnnkit::core

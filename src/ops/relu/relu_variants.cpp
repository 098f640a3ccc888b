// The dispatch lists of ReLU forward and backward, in selection order; the reference is last.
//
// Per ISA tier, best first: stream (non-temporal stores) across OpenMP / oneTBB threads, then on
// one thread; simd (ordinary stores) across threads, then on one thread. ReLU moves bytes and
// does no arithmetic to speak of, so the rungs differ only in how memory is written and by whom.
// A pass whose working set is far beyond the caches writes with streaming stores, which skip
// the read for ownership (2 instead of 3 bytes of traffic per output byte); a smaller one stays
// on ordinary stores so the next layer finds its output in cache: the stream rungs decline
// working sets under kStreamMinWorkingSetBytes, and in-place calls (which read every line
// anyway), unless forced. Threads claim chunks of the output's cache lines; they decline
// problems too small for a team.
#include "ops/op_lists.hpp"
#include "ops/relu/relu_drivers.hpp"
#include "ops/relu/relu_reference.hpp"

namespace cnnkit::core {

using namespace cnnkit::ops;

constexpr auto omp = Threading::openmp;
constexpr auto tbb = Threading::tbb;
constexpr auto serial = Threading::serial;

// clang-format off
#define CNNKIT_RELU_TIER(OP, RUN, BUFFERS, ISA, NAME)                                                       \
  {OP ".stream." NAME ".omp", ISA, omp, &relu_stream_declines<T, omp, BUFFERS>, &RUN<ISA, omp, true, T>, &relu_split<T>},   \
  {OP ".stream." NAME ".tbb", ISA, tbb, &relu_stream_declines<T, tbb, BUFFERS>, &RUN<ISA, tbb, true, T>, &relu_split<T>},   \
  {OP ".stream." NAME, ISA, serial, &relu_stream_declines<T, serial, BUFFERS>, &RUN<ISA, serial, true, T>}, \
  {OP ".simd." NAME ".omp", ISA, omp, &relu_simd_declines<T, omp>, &RUN<ISA, omp, false, T>, &relu_split<T>},               \
  {OP ".simd." NAME ".tbb", ISA, tbb, &relu_simd_declines<T, tbb>, &RUN<ISA, tbb, false, T>, &relu_split<T>},               \
  {OP ".simd." NAME, ISA, serial, nullptr, &RUN<ISA, serial, false, T>}
// clang-format on

template <class T>
const Variant<ReluFwdOp, T> relu_fwd_list[] = {
    CNNKIT_RELU_TIER("relu_fwd", relu_fwd_lines, 2, Isa::avx512, "avx512"),
    CNNKIT_RELU_TIER("relu_fwd", relu_fwd_lines, 2, Isa::avx2_fma, "avx2_fma"),
    CNNKIT_RELU_TIER("relu_fwd", relu_fwd_lines, 2, Isa::sse4_2, "sse4_2"),
    {"relu_fwd.ref", Isa::scalar, serial, nullptr, &relu_fwd_reference<T>},
};

template <class T>
const Variant<ReluBwdOp, T> relu_bwd_list[] = {
    CNNKIT_RELU_TIER("relu_bwd", relu_bwd_lines, 3, Isa::avx512, "avx512"),
    CNNKIT_RELU_TIER("relu_bwd", relu_bwd_lines, 3, Isa::avx2_fma, "avx2_fma"),
    CNNKIT_RELU_TIER("relu_bwd", relu_bwd_lines, 3, Isa::sse4_2, "sse4_2"),
    {"relu_bwd.ref", Isa::scalar, serial, nullptr, &relu_bwd_reference<T>},
};

CNNKIT_DEFINE_VARIANT_LIST(ReluFwdOp, relu_fwd_list)
CNNKIT_DEFINE_VARIANT_LIST(ReluBwdOp, relu_bwd_list)

}  // namespace cnnkit::core

// The dispatch list of pad, in selection order; the reference is last and accepts everything.
//
// Per ISA tier, best first: stream (non-temporal stores) across OpenMP / oneTBB threads, then on
// one thread; simd (ordinary stores) across threads, then on one thread. Padding is a copy with
// a constant frame, so like ReLU it is bound by memory traffic, and the rungs differ only in how
// y is written and by whom. A pass whose working set (x + y) is far beyond the caches writes y
// with streaming stores, which skip the read for ownership of y's lines (2 instead of 3 bytes of
// traffic per byte); a smaller one stays on ordinary stores so the next layer finds y in cache:
// the stream rungs decline working sets under kStreamMinWorkingSetBytes unless forced. Threads
// claim chunks of y's cache lines (equal bytes per chunk, whatever the mix of border and
// interior rows); they decline problems too small for a team.
#include "ops/op_lists.hpp"
#include "ops/pad/pad_drivers.hpp"
#include "ops/pad/pad_reference.hpp"

namespace cnnkit::core {

using namespace cnnkit::ops;

constexpr auto omp = Threading::openmp;
constexpr auto tbb = Threading::tbb;
constexpr auto serial = Threading::serial;

// clang-format off
#define CNNKIT_PAD_TIER(ISA, NAME)                                                                      \
  {"pad.stream." NAME ".omp", ISA, omp, &pad_stream_declines<T, omp>, &pad_lines<ISA, omp, true, T>, &pad_split<T>},   \
  {"pad.stream." NAME ".tbb", ISA, tbb, &pad_stream_declines<T, tbb>, &pad_lines<ISA, tbb, true, T>, &pad_split<T>},   \
  {"pad.stream." NAME, ISA, serial, &pad_stream_declines<T, serial>, &pad_lines<ISA, serial, true, T>}, \
  {"pad.simd." NAME ".omp", ISA, omp, &pad_simd_declines<T, omp>, &pad_lines<ISA, omp, false, T>, &pad_split<T>},      \
  {"pad.simd." NAME ".tbb", ISA, tbb, &pad_simd_declines<T, tbb>, &pad_lines<ISA, tbb, false, T>, &pad_split<T>},      \
  {"pad.simd." NAME, ISA, serial, nullptr, &pad_lines<ISA, serial, false, T>}
// clang-format on

template <class T>
const Variant<PadOp, T> pad_list[] = {
    CNNKIT_PAD_TIER(Isa::avx512, "avx512"),
    CNNKIT_PAD_TIER(Isa::avx2_fma, "avx2_fma"),
    CNNKIT_PAD_TIER(Isa::sse4_2, "sse4_2"),
    {"pad.ref", Isa::scalar, serial, nullptr, &pad_reference<T>},
};

CNNKIT_DEFINE_VARIANT_LIST(PadOp, pad_list)

}  // namespace cnnkit::core

#include "ops/dense/dense_drivers.hpp"

#include <algorithm>

#include "core/thread_gate.hpp"
#include "core/threading.hpp"
#include "core/workspace.hpp"
#include "ops/dense/dense_bias_plan.hpp"
#include "ops/dense/dense_gemm.hpp"
#include "ops/dense/dense_tiers.hpp"

namespace cnnkit::ops {
namespace {

// Below this many flops a thread team's start-up and the split cost more than they save.
constexpr double kThreadedMinFlops = 2e6;
// Below this many dy elements the bias sums are cheaper than a thread team.
constexpr double kBiasThreadedMinElements = 1 << 18;
// Packing B costs a pass over k x n; below this many rows (of the product) or this long a sum the
// simd rung, which packs nothing, is faster.
constexpr std::int64_t kBlockedMinRows = 32;
constexpr std::int64_t kBlockedMinDepth = 32;

template <Isa I, Threading Th, class T>
void run_simd(const DenseGemm<T>& g, const core::Exec& exec) {
  if (g.m == 0 || g.n == 0) return;
  const DenseTierKernels<T>& k = dense_tier_kernels<T>(I);
  const DenseSimdPlan s = make_dense_simd_plan(g, k.blocking);
  // Serial variants run the whole range inline (parallel_for does that for Threading::serial).
  core::parallel_for(Th, core::resolve_num_threads(Th, exec), s.tiles(),
                     [&](std::int64_t begin, std::int64_t end) { k.simd_tiles(s, g, begin, end); });
}

template <Isa I, Threading Th, class T>
void run_blocked(const DenseGemm<T>& g, const core::Exec& exec) {
  if (g.m == 0 || g.n == 0) return;
  const DenseTierKernels<T>& k = dense_tier_kernels<T>(I);
  if (g.k == 0) {  // C = bias (or 0): nothing to pack; the simd tiles write it
    const DenseSimdPlan s = make_dense_simd_plan(g, k.blocking);
    k.simd_tiles(s, g, 0, s.tiles());
    return;
  }
  const DenseGemmPlan plan = make_dense_gemm_plan(g.m, g.n, g.k, k.blocking, sizeof(T));
  // Filled by the workers (disjoint panels) and read by all of them: the calling thread's buffer.
  T* packed = core::thread_scratch<T>(core::ScratchSlot::packed_weights, static_cast<std::size_t>(plan.packed_b_count()));
  const int threads = core::resolve_num_threads(Th, exec);
  core::parallel_for(Th, threads, plan.panels,
                     [&](std::int64_t begin, std::int64_t end) { k.pack_b(plan, g, packed, begin, end); });
  core::parallel_for(Th, threads, plan.tiles(),
                     [&](std::int64_t begin, std::int64_t end) { k.blocked_tiles(plan, g, packed, begin, end); });
}

}  // namespace

template <Isa I, Threading Th, class T>
void dense_fwd_simd(const DenseProblem& p, const T* x, const T* w, const T* b, T* y, const core::Exec& exec) {
  run_simd<I, Th>(dense_fwd_gemm(p, x, w, b, y), exec);
}
template <Isa I, Threading Th, class T>
void dense_fwd_blocked(const DenseProblem& p, const T* x, const T* w, const T* b, T* y, const core::Exec& exec) {
  run_blocked<I, Th>(dense_fwd_gemm(p, x, w, b, y), exec);
}
template <Isa I, Threading Th, class T>
void dense_bwd_data_simd(const DenseProblem& p, const T* dy, const T* w, T* dx, const core::Exec& exec) {
  run_simd<I, Th>(dense_bwd_data_gemm(p, dy, w, dx), exec);
}
template <Isa I, Threading Th, class T>
void dense_bwd_data_blocked(const DenseProblem& p, const T* dy, const T* w, T* dx, const core::Exec& exec) {
  run_blocked<I, Th>(dense_bwd_data_gemm(p, dy, w, dx), exec);
}
template <Isa I, Threading Th, class T>
void dense_bwd_weights_simd(const DenseProblem& p, const T* x, const T* dy, T* dw, const core::Exec& exec) {
  run_simd<I, Th>(dense_bwd_weights_gemm(p, x, dy, dw), exec);
}
template <Isa I, Threading Th, class T>
void dense_bwd_weights_blocked(const DenseProblem& p, const T* x, const T* dy, T* dw, const core::Exec& exec) {
  run_blocked<I, Th>(dense_bwd_weights_gemm(p, x, dy, dw), exec);
}

template <Isa I, Threading Th, class T>
void dense_bwd_bias_simd(const DenseProblem& p, const T* dy, T* db, const core::Exec& exec) {
  const DenseBiasPlan plan = make_dense_bias_plan(p.m, p.n_out, sizeof(T));
  if (plan.chunks == 0) {
    std::fill(db, db + p.n_out, T(0));
    return;
  }
  const DenseTierKernels<T>& k = dense_tier_kernels<T>(I);
  // Written by the workers, read back here: the calling thread's buffer.
  T* partials = core::thread_scratch<T>(core::ScratchSlot::partials, static_cast<std::size_t>(plan.partials_count()));
  core::parallel_for(Th, core::resolve_num_threads(Th, exec), plan.chunks,
                     [&](std::int64_t begin, std::int64_t end) { k.bias_chunks(plan, dy, db, partials, begin, end); });
  k.bias_combine(plan, partials, db);
}

template <DenseProduct D, Threading Th>
const char* dense_blocked_declines(const DenseProblem& p, const core::Exec& exec) {
  if (!exec.forced) {
    const std::int64_t rows = D == DenseProduct::bwd_weights ? p.n_in : p.m;
    const std::int64_t depth = D == DenseProduct::fwd ? p.n_in : D == DenseProduct::bwd_data ? p.n_out : p.m;
    if (rows < kBlockedMinRows || depth < kBlockedMinDepth) return "too small for packing to pay (simd is faster)";
  }
  if constexpr (Th == Threading::serial) {
    return nullptr;
  } else {
    return dense_threads_decline<Th>(p, exec);
  }
}

template <Threading Th>
const char* dense_threads_decline(const DenseProblem& p, const core::Exec& exec) {
  return core::decline_threads(Th, exec, p.flops(), kThreadedMinFlops, "problem too small for threads (< 2 MFLOP)");
}

template <Threading Th>
const char* dense_bias_threads_decline(const DenseProblem& p, const core::Exec& exec) {
  return core::decline_threads(Th, exec, static_cast<double>(p.m) * static_cast<double>(p.n_out),
                               kBiasThreadedMinElements, "problem too small for threads (< 256K dy elements)");
}

#define CNNKIT_INSTANTIATE_DECLINES(TH)                                                                           \
  template const char* dense_blocked_declines<DenseProduct::fwd, TH>(const DenseProblem&, const core::Exec&);     \
  template const char* dense_blocked_declines<DenseProduct::bwd_data, TH>(const DenseProblem&, const core::Exec&); \
  template const char* dense_blocked_declines<DenseProduct::bwd_weights, TH>(const DenseProblem&, const core::Exec&);
CNNKIT_INSTANTIATE_DECLINES(Threading::serial)
CNNKIT_INSTANTIATE_DECLINES(Threading::openmp)
CNNKIT_INSTANTIATE_DECLINES(Threading::tbb)
template const char* dense_threads_decline<Threading::openmp>(const DenseProblem&, const core::Exec&);
template const char* dense_threads_decline<Threading::tbb>(const DenseProblem&, const core::Exec&);
template const char* dense_bias_threads_decline<Threading::openmp>(const DenseProblem&, const core::Exec&);
template const char* dense_bias_threads_decline<Threading::tbb>(const DenseProblem&, const core::Exec&);

#define CNNKIT_INSTANTIATE(ISA, TH, T)                                                                              \
  template void dense_fwd_simd<ISA, TH, T>(const DenseProblem&, const T*, const T*, const T*, T*, const core::Exec&); \
  template void dense_fwd_blocked<ISA, TH, T>(const DenseProblem&, const T*, const T*, const T*, T*,                \
                                              const core::Exec&);                                                 \
  template void dense_bwd_data_simd<ISA, TH, T>(const DenseProblem&, const T*, const T*, T*, const core::Exec&);    \
  template void dense_bwd_data_blocked<ISA, TH, T>(const DenseProblem&, const T*, const T*, T*, const core::Exec&); \
  template void dense_bwd_weights_simd<ISA, TH, T>(const DenseProblem&, const T*, const T*, T*, const core::Exec&); \
  template void dense_bwd_weights_blocked<ISA, TH, T>(const DenseProblem&, const T*, const T*, T*,                  \
                                                      const core::Exec&);                                         \
  template void dense_bwd_bias_simd<ISA, TH, T>(const DenseProblem&, const T*, T*, const core::Exec&);
#define CNNKIT_INSTANTIATE_TIER(ISA)                                                                     \
  CNNKIT_INSTANTIATE(ISA, Threading::serial, float) CNNKIT_INSTANTIATE(ISA, Threading::openmp, float)    \
  CNNKIT_INSTANTIATE(ISA, Threading::tbb, float) CNNKIT_INSTANTIATE(ISA, Threading::serial, double)      \
  CNNKIT_INSTANTIATE(ISA, Threading::openmp, double) CNNKIT_INSTANTIATE(ISA, Threading::tbb, double)
CNNKIT_INSTANTIATE_TIER(Isa::sse4_2)
CNNKIT_INSTANTIATE_TIER(Isa::avx2_fma)
CNNKIT_INSTANTIATE_TIER(Isa::avx512)

}  // namespace cnnkit::ops

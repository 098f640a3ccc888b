#include "ops/dense/dense_drivers.hpp"

#include <algorithm>
#include <string>

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
// When packing pays (measured on Zen 5, AVX-512, f32). The simd rung runs near peak while its
// operands sit in L2, so forward and backward weights take the blocked rung only once the reused
// operand (W, resp. dy) outgrows L2 and the product has enough rows or depth to repay the pack.
// Backward data's simd rung is the dot form, weaker: the blocked rung pays from 32 rows, and
// always for a short sum (n_out < 64), where the dot form is mostly tails.
constexpr double kBlockedMinOperandBytes = 1 << 20;
constexpr std::int64_t kFwdBlockedMinRows = 32;
constexpr std::int64_t kBwdWeightsBlockedMinDepth = 256;
constexpr std::int64_t kBwdDataBlockedMinRows = 32;
constexpr std::int64_t kBwdDataDotMinDepth = 64;

template <DenseProduct D>
bool blocked_pays(const DenseProblem& p, std::int64_t element_size) {
  const auto bytes = [&](std::int64_t rows, std::int64_t cols) {
    return static_cast<double>(rows) * static_cast<double>(cols) * static_cast<double>(element_size);
  };
  switch (D) {
    case DenseProduct::fwd: return p.m >= kFwdBlockedMinRows && bytes(p.n_in, p.n_out) > kBlockedMinOperandBytes;
    case DenseProduct::bwd_weights:
      return p.m >= kBwdWeightsBlockedMinDepth && bytes(p.m, p.n_out) >= kBlockedMinOperandBytes;
    case DenseProduct::bwd_data: return p.m >= kBwdDataBlockedMinRows || p.n_out < kBwdDataDotMinDepth;
  }
  return true;
}

// The C of product D as a GEMM without data (the splits read only its shape).
template <DenseProduct D, class T>
DenseGemm<T> shape_gemm(const DenseProblem& p) {
  switch (D) {
    case DenseProduct::fwd: return dense_fwd_gemm<T>(p, nullptr, nullptr, nullptr, nullptr);
    case DenseProduct::bwd_data: return dense_bwd_data_gemm<T>(p, nullptr, nullptr, nullptr);
    case DenseProduct::bwd_weights: return dense_bwd_weights_gemm<T>(p, nullptr, nullptr, nullptr);
  }
  return {};
}

// The simd rung's split: its register tiles, rows outer (tile t = row tile t / col_tiles).
template <class T>
core::ThreadSplit simd_split(const DenseSimdPlan& s, const DenseGemm<T>& g, bool with_work) {
  core::ThreadSplit split;
  split.items = g.m == 0 || g.n == 0 ? 0 : s.tiles();
  if (with_work) split.unit = "register tile of " + std::to_string(s.tile_rows) + " x " + std::to_string(s.tile_cols) + " of C";
  if (with_work)
    for (std::int64_t t = 0; t < split.items; ++t) {
      const std::int64_t i = t / s.col_tiles * s.tile_rows, j = t % s.col_tiles * s.tile_cols;
      split.item_work.push_back(static_cast<double>(std::min(s.tile_rows, g.m - i)) *
                                static_cast<double>(std::min(s.tile_cols, g.n - j)) * static_cast<double>(g.k + 1));
    }
  return split;
}

// The blocked rung's split: its C tiles (the B packing before them splits the panels).
core::ThreadSplit blocked_split(const DenseGemmPlan& plan, bool with_work) {
  core::ThreadSplit split;
  split.items = plan.m == 0 || plan.n == 0 ? 0 : plan.tiles();
  if (with_work)
    split.unit = "C tile of up to " + std::to_string(plan.mc) + " rows x " +
               std::to_string(plan.cols_of(0).second - plan.cols_of(0).first) + " columns";
  if (with_work)
    for (std::int64_t t = 0; t < split.items; ++t) {
      const auto [i0, i1] = plan.rows_of(t / plan.n_blocks);
      const auto [j0, j1] = plan.cols_of(t % plan.n_blocks);
      split.item_work.push_back(static_cast<double>(i1 - i0) * static_cast<double>(j1 - j0) *
                                static_cast<double>(plan.k + 1));
    }
  return split;
}

template <Isa I, class T>
DenseGemmPlan blocked_plan(const DenseGemm<T>& g, int threads) {
  return make_dense_gemm_plan(g.m, g.n, g.k, dense_tier_kernels<T>(I).blocking, sizeof(T), threads);
}

template <Isa I, Threading Th, class T>
void run_simd(const DenseGemm<T>& g, const core::Exec& exec) {
  if (g.m == 0 || g.n == 0) return;
  const DenseTierKernels<T>& k = dense_tier_kernels<T>(I);
  const DenseSimdPlan s = make_dense_simd_plan(g, k.blocking);
  const core::ThreadSplit split = simd_split(s, g, false);
  // Serial variants run the whole range inline (parallel_for does that for Threading::serial).
  core::parallel_for(
      Th, core::resolve_num_threads(Th, exec), split.items,
      [&](std::int64_t begin, std::int64_t end) { k.simd_tiles(s, g, begin, end); }, split.grain);
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
  const int threads = core::resolve_num_threads(Th, exec);
  const DenseGemmPlan plan = blocked_plan<I>(g, threads);
  const core::ThreadSplit split = blocked_split(plan, false);
  // Filled by the workers (disjoint panels) and read by all of them: the calling thread's buffer.
  T* packed = core::thread_scratch<T>(core::ScratchSlot::packed_weights, static_cast<std::size_t>(plan.packed_b_count()));
  core::parallel_for(Th, threads, plan.panels,
                     [&](std::int64_t begin, std::int64_t end) { k.pack_b(plan, g, packed, begin, end); });
  core::parallel_for(
      Th, threads, split.items,
      [&](std::int64_t begin, std::int64_t end) { k.blocked_tiles(plan, g, packed, begin, end); }, split.grain);
}

core::ThreadSplit bias_split(const DenseBiasPlan& plan, bool with_work) {
  core::ThreadSplit split;
  split.items = plan.chunks;
  if (with_work) split.unit = "chunk of " + std::to_string(plan.chunk_rows) + " dy rows (one partial row)";
  if (with_work)
    for (std::int64_t c = 0; c < plan.chunks; ++c)
      split.item_work.push_back(static_cast<double>(std::min(plan.chunk_rows, plan.m - c * plan.chunk_rows) * plan.n));
  return split;
}

}  // namespace

template <Isa I, DenseProduct D, class T>
core::ThreadSplit dense_simd_split(const DenseProblem& p, const core::Exec&, bool with_work) {
  const DenseGemm<T> g = shape_gemm<D, T>(p);
  return simd_split(make_dense_simd_plan(g, dense_tier_kernels<T>(I).blocking), g, with_work);
}

template <Isa I, DenseProduct D, Threading Th, class T>
core::ThreadSplit dense_blocked_split(const DenseProblem& p, const core::Exec& exec, bool with_work) {
  const DenseGemm<T> g = shape_gemm<D, T>(p);
  // k = 0: the driver writes C = bias inline (nothing threaded).
  if (g.k == 0) return core::ThreadSplit{1, 1, "the whole product (no sum)", {}};
  return blocked_split(blocked_plan<I>(g, core::resolve_num_threads(Th, exec)), with_work);
}

template <class T>
core::ThreadSplit dense_bias_split(const DenseProblem& p, const core::Exec&, bool with_work) {
  return bias_split(make_dense_bias_plan(p.m, p.n_out, sizeof(T)), with_work);
}

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
  const core::ThreadSplit split = bias_split(plan, false);
  core::parallel_for(
      Th, core::resolve_num_threads(Th, exec), split.items,
      [&](std::int64_t begin, std::int64_t end) { k.bias_chunks(plan, dy, db, partials, begin, end); }, split.grain);
  k.bias_combine(plan, partials, db);
}

template <DenseProduct D, Threading Th>
const char* dense_blocked_declines(const DenseProblem& p, const core::Exec& exec) {
  // The lists hold float and double entries with one declines function: size the rule for float
  // (double's operands are twice as big, which only moves it sooner past the L2 bound).
  if (!exec.forced && !blocked_pays<D>(p, sizeof(float))) return "too small for packing to pay (simd is faster)";
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
template core::ThreadSplit dense_bias_split<float>(const DenseProblem&, const core::Exec&, bool);
template core::ThreadSplit dense_bias_split<double>(const DenseProblem&, const core::Exec&, bool);

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
#define CNNKIT_INSTANTIATE_SPLITS_OF(ISA, P, T)                                                                    \
  template core::ThreadSplit dense_simd_split<ISA, DenseProduct::P, T>(const DenseProblem&, const core::Exec&, bool); \
  template core::ThreadSplit dense_blocked_split<ISA, DenseProduct::P, Threading::openmp, T>(const DenseProblem&,    \
                                                                                           const core::Exec&, bool); \
  template core::ThreadSplit dense_blocked_split<ISA, DenseProduct::P, Threading::tbb, T>(const DenseProblem&,       \
                                                                                        const core::Exec&, bool);
#define CNNKIT_INSTANTIATE_SPLITS(ISA, T)                                                                         \
  CNNKIT_INSTANTIATE_SPLITS_OF(ISA, fwd, T)                                                                       \
  CNNKIT_INSTANTIATE_SPLITS_OF(ISA, bwd_data, T) CNNKIT_INSTANTIATE_SPLITS_OF(ISA, bwd_weights, T)
#define CNNKIT_INSTANTIATE_TIER(ISA)                                                                     \
  CNNKIT_INSTANTIATE_SPLITS(ISA, float) CNNKIT_INSTANTIATE_SPLITS(ISA, double)                           \
  CNNKIT_INSTANTIATE(ISA, Threading::serial, float) CNNKIT_INSTANTIATE(ISA, Threading::openmp, float)    \
  CNNKIT_INSTANTIATE(ISA, Threading::tbb, float) CNNKIT_INSTANTIATE(ISA, Threading::serial, double)      \
  CNNKIT_INSTANTIATE(ISA, Threading::openmp, double) CNNKIT_INSTANTIATE(ISA, Threading::tbb, double)
CNNKIT_INSTANTIATE_TIER(Isa::sse4_2)
CNNKIT_INSTANTIATE_TIER(Isa::avx2_fma)
CNNKIT_INSTANTIATE_TIER(Isa::avx512)

}  // namespace cnnkit::ops

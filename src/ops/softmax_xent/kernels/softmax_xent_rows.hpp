// The vectorised softmax cross-entropy rows, one tier's arch A. Per row, one sweep of memory:
//   1. max over the logits row (the only read of the row from memory; the row then sits in L1/L2),
//   2. e = exp(x - max) into a per-thread scratch row, sum(e), and for probability rows sum(l) and
//      sum(l * (x - max)) (the label row's only read),
//   3. loss_i = sum(l) * lse - sum(l * (x - max)), or lse - (x_label - max) with class indices
//      (lse = log sum(e)): only the selected logit's term, so -inf logits in other classes give a
//      finite loss where 0 * -inf would not,
//   4. with the gradient: dx = e * (sum(l) / sum(e) / rows) - l / rows, written while e is in
//      cache, optionally with non-temporal stores (large outputs: no read for ownership).
// Non-finite values follow the reference's formulas term by term (softmax_xent_reference.cpp).
// The fast forms above are the same sums regrouped, which agree except where a term is infinite
// or NaN: a probability row whose fast loss is not finite is recomputed as -sum(l * (x - max -
// lse)) (e.g. lse = 0 exactly and an infinite label: sum(l) * lse = inf * 0 = NaN, where the
// reference's terms give -inf), and a row whose label sum is not finite writes the reference's
// (e / sum(e) * sum(l) - l) / rows (a subnormal e times an infinite label sum is inf, not NaN).
// Tails use simd/tail.hpp (no access past the caller's buffers).
#pragma once

#include <immintrin.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <xsimd/xsimd.hpp>

#include "core/workspace.hpp"
#include "ops/softmax_xent/kernels/softmax_exp.hpp"
#include "ops/softmax_xent/softmax_xent_tiers.hpp"
#include "simd/stream_store.hpp"
#include "simd/tail.hpp"

namespace cnnkit::ops::kernels {

template <class A, class T>
class SoftmaxXentRow {
 public:
  using B = xsimd::batch<T, A>;
  static constexpr std::int64_t L = static_cast<std::int64_t>(B::size);
  // Scratch slack: a whole vector may be read from the last partial position.
  static constexpr std::int64_t kScratchPad = 16;

  SoftmaxXentRow(const SoftmaxXentProblem& p, const SoftmaxXentArgs<T>& a, T* e_row)
      : p_(p), a_(a), e_row_(e_row), inv_rows_(T(1) / static_cast<T>(p.rows)) {
    alignas(64) T lanes[L];
    for (std::int64_t i = 0; i < L; ++i) lanes[i] = static_cast<T>(i);
    iota_ = B::load_aligned(lanes);
  }

  // Sum of the lanes, in lane order. (xsimd::hadd's AVX-512 double path trips GCC 12's
  // -Wmaybe-uninitialized inside the intrinsics headers.)
  static T lane_sum(const B& v) {
    alignas(64) T lanes[L];
    v.store_aligned(lanes);
    T sum = lanes[0];
    for (std::int64_t q = 1; q < L; ++q) sum += lanes[q];
    return sum;
  }

  // The loss of row i; writes its gradient row when Grad. Prob: probability-row labels (else
  // class indices). While the exponentials of row i are computed, row i + 1 is prefetched, so
  // its max scan (the only read from memory) overlaps this row's arithmetic.
  template <bool Prob, bool Grad>
  T run(std::int64_t i) const {
    const std::int64_t k = p_.classes;
    const T* x = a_.logits + i * k;
    const T* l = Prob ? a_.prob_labels + i * k : nullptr;
    const bool prefetch = i + 1 < p_.rows;
    const T max = row_max(x);
    const B vmax(max);
    B sum(T(0)), label_sum(T(0)), dot(T(0));
    const auto accumulate = [&](const B& d, const B& e, std::int64_t at, const B& lv) {
      sum += e;
      if constexpr (Grad) e.store_aligned(e_row_ + at);
      if constexpr (Prob) {
        label_sum += lv;
        dot = xsimd::fma(lv, d, dot);
      }
    };
    std::int64_t j = 0;
    for (; j + L <= k; j += L) {
      if (prefetch) {
        _mm_prefetch(reinterpret_cast<const char*>(x + k + j), _MM_HINT_T0);
        if constexpr (Prob) _mm_prefetch(reinterpret_cast<const char*>(l + k + j), _MM_HINT_T0);
      }
      const B d = B::load_unaligned(x + j) - vmax;
      accumulate(d, softmax_exp<A, T>(d), j, Prob ? B::load_unaligned(l + j) : B(T(0)));
    }
    if (j < k) {
      const int n = static_cast<int>(k - j);
      const auto live = first_lanes(n);
      const B d = xsimd::select(live, simd::load_tail<A>(x + j, n) - vmax, B(T(0)));
      accumulate(d, xsimd::select(live, softmax_exp<A, T>(d), B(T(0))), j, Prob ? simd::load_tail<A>(l + j, n) : B(T(0)));
    }
    const T sum_exp = lane_sum(sum);
    const T lse = std::log(sum_exp);
    T loss, labels_total = 1;
    if constexpr (Prob) {
      labels_total = lane_sum(label_sum);
      loss = labels_total * lse - lane_sum(dot);
      if (!std::isfinite(loss)) loss = exact_loss(x, l, max, lse);
    } else {
      loss = lse - (x[a_.index_labels[i]] - max);
    }
    if constexpr (Grad) {
      if (Prob && !std::isfinite(labels_total))
        write_gradient_exact(i, sum_exp, labels_total);
      else
        write_gradient<Prob>(i, labels_total / sum_exp * inv_rows_);
    }
    return loss;
  }

 private:
  T row_max(const T* x) const {
    const std::int64_t k = p_.classes;
    const B lowest(-std::numeric_limits<T>::infinity());
    B m0 = lowest, m1 = lowest;
    std::int64_t j = 0;
    for (; j + 2 * L <= k; j += 2 * L) {
      m0 = greater(m0, B::load_unaligned(x + j));
      m1 = greater(m1, B::load_unaligned(x + j + L));
    }
    for (; j + L <= k; j += L) m0 = greater(m0, B::load_unaligned(x + j));
    if (j < k) {
      const int n = static_cast<int>(k - j);
      m1 = greater(m1, xsimd::select(first_lanes(n), simd::load_tail<A>(x + j, n), lowest));
    }
    alignas(64) T lanes[L];
    greater(m0, m1).store_aligned(lanes);
    // The reference's scan starts from x[0]: a NaN there makes every result NaN either way.
    T max = x[0];
    for (std::int64_t q = 0; q < L; ++q)
      if (lanes[q] > max) max = lanes[q];
    return max;
  }

  // The greater of x and m per lane, m where x is NaN (the reference's "x > max" scan; x86's
  // max returns its second operand when either is NaN).
  static B greater(const B& m, const B& x) { return xsimd::max(x, m); }

  auto first_lanes(int n) const { return iota_ < B(static_cast<T>(n)); }

  // The reference's loss terms, in its order: -sum_j l_j * (x_j - max - lse). Only for rows whose
  // fast loss is not finite, where regrouping the sum changes inf into NaN.
  T exact_loss(const T* x, const T* l, T max, T lse) const {
    T loss = 0;
    for (std::int64_t j = 0; j < p_.classes; ++j) loss -= l[j] * (x[j] - max - lse);
    return loss;
  }

  // The reference's gradient, dx_j = (e_j / sum_exp * labels_total - l_j) / rows, for probability
  // rows whose label sum is infinite or NaN (e_j / sum_exp underflowing to 0 then gives NaN as in
  // the reference, and a subnormal e_j gives inf). Ordinary stores: a rare row.
  void write_gradient_exact(std::int64_t i, T sum_exp, T labels_total) const {
    const std::int64_t k = p_.classes;
    T* out = a_.dlogits + i * k;
    const T* l = a_.prob_labels + i * k;
    const B vsum(sum_exp), vtotal(labels_total), vrows(static_cast<T>(p_.rows));
    std::int64_t j = 0;
    for (; j + L <= k; j += L)
      ((B::load_unaligned(e_row_ + j) / vsum * vtotal - B::load_unaligned(l + j)) / vrows).store_unaligned(out + j);
    if (j < k) {
      const int n = static_cast<int>(k - j);
      simd::store_tail<A>(out + j, (B::load_unaligned(e_row_ + j) / vsum * vtotal - simd::load_tail<A>(l + j, n)) / vrows, n);
    }
  }

  // dx_j = e_j * scale - l_j / rows over row i; e_j from the scratch row.
  template <bool Prob>
  void write_gradient(std::int64_t i, T scale) const {
    const std::int64_t k = p_.classes;
    T* out = a_.dlogits + i * k;
    const T* l = Prob ? a_.prob_labels + i * k : nullptr;
    const std::int64_t label = Prob ? -1 : a_.index_labels[i];
    const B vscale(scale), vinv(inv_rows_);
    // Elements [j, j + n) (n <= L; lanes past n are not stored).
    const auto grad = [&](std::int64_t j, int n) -> B {
      const B e = B::load_unaligned(e_row_ + j);
      if constexpr (Prob) {
        const B lv = n >= L ? B::load_unaligned(l + j) : simd::load_tail<A>(l + j, n);
        return xsimd::fms(e, vscale, lv * vinv);
      } else {
        // One-hot: only the vector holding the label subtracts 1 / rows, in the label's lane.
        if (label < j || label >= j + L) return e * vscale;
        return xsimd::fms(e, vscale, xsimd::select(iota_ == B(static_cast<T>(label - j)), vinv, B(T(0))));
      }
    };
    const auto partial = [&](std::int64_t j, int n) { simd::store_tail<A>(out + j, grad(j, n), n); };
    constexpr int kWhole = static_cast<int>(L);
    std::int64_t j = 0;
    if (a_.stream) {
      const std::int64_t head = std::min(k, simd::elements_to_alignment(out, sizeof(B)));
      if (head > 0) partial(0, static_cast<int>(head));
      for (j = head; j + L <= k; j += L) simd::stream_store<A>(out + j, grad(j, kWhole));
    } else {
      for (; j + L <= k; j += L) grad(j, kWhole).store_unaligned(out + j);
    }
    if (j < k) partial(j, static_cast<int>(k - j));
  }

  const SoftmaxXentProblem& p_;
  const SoftmaxXentArgs<T>& a_;
  T* e_row_;
  T inv_rows_;
  B iota_;
};

// The row-chunk kernel of SoftmaxXentTierKernels.
template <class A, class T>
void softmax_xent_row_chunks(const SoftmaxXentProblem& p, const SoftmaxXentArgs<T>& a, std::int64_t begin,
                             std::int64_t end) {
  using Row = SoftmaxXentRow<A, T>;
  T* e_row = a.dlogits ? core::thread_scratch<T>(core::ScratchSlot::body_packed,
                                                 static_cast<std::size_t>(p.classes + Row::kScratchPad))
                       : nullptr;
  const Row row(p, a, e_row);
  const auto chunks = [&](auto prob, auto grad) {
    for (std::int64_t c = begin; c < end; ++c) {
      const std::int64_t first = c * a.chunk_rows, last = std::min(p.rows, first + a.chunk_rows);
      T partial = 0;
      for (std::int64_t i = first; i < last; ++i) partial += row.template run<prob(), grad()>(i);
      a.partials[c] = partial;
    }
  };
  using Yes = std::true_type;
  using No = std::false_type;
  if (a.prob_labels)
    a.dlogits ? chunks(Yes{}, Yes{}) : chunks(Yes{}, No{});
  else
    a.dlogits ? chunks(No{}, Yes{}) : chunks(No{}, No{});
  if (a.stream) simd::stream_fence();
}

}  // namespace cnnkit::ops::kernels

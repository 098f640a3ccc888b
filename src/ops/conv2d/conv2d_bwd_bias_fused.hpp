// The bias gradient summed in the same pass over dy as backward weights
// (conv2d_backward_weights_bias). db must be bitwise what conv2d_backward_bias gives under the
// same Context, and the bias op's summation order depends on the variant it selects, so the fused
// call selects that variant (the same rules, or the forced one) and follows its order:
//
//   reference  one running scalar sum per channel in pixel order: resumable, pixel by pixel;
//   simd       one running vector sum per channel vector in pixel order: resumable (the sums
//              are kept in db between pieces, which is exact);
//   blocked    fixed pixel chunks (ConvBwdBiasPlan, from the shape alone), one partial row each,
//              added in chunk order at the end: a chunk is summed once all its pixels have been read.
//
// The backward-weights variants report each piece of dy they have read through
// Conv2dProblem::dy_progress (the blocked ones after each pixel chunk, from every part of the
// work; the simd one after each image), and piece() sums it while it is in cache:
//   reference, simd: sequential sums, so the part that owns work unit 0 sums every piece of the
//                    first pixel part (the blocked weights variant may cut the pixels into fixed
//                    parts that run at once); finish() sums the pixels after it;
//   blocked:         the chunks a piece completes are shared out: chunk k goes to the part that
//                    owns unit k * units / chunks among those reading the piece that completes
//                    it, so threaded weights variants share the bias work.
// The reference weights variant reports nothing: finish() then sums all of dy after it (one extra
// pass, as the oracle may). Who sums what never changes the bits: each order above is the bias op's
// own, and the blocked partial rows are added in chunk order whoever wrote them.
#pragma once

#include <cstdint>
#include <string_view>

#include "cnnkit/dispatch.hpp"
#include "ops/conv2d/conv2d_bwd_bias_plan.hpp"
#include "ops/conv2d/conv2d_problem.hpp"

namespace cnnkit::ops {

enum class BiasGradOrder { reference, simd, blocked };

// The order of a conv2d_bwd_bias variant, from its registered name ("conv2d_bwd_bias.ref",
// ".simd.<tier>", ".blocked.<tier>[.omp|.tbb]"; the threaded ones give their serial sibling's bits).
// Throws internal_error for a name it does not know (a new variant must be taught here).
BiasGradOrder bias_grad_order(std::string_view variant_name);

template <class T>
class FusedBiasGrad {
 public:
  // Runs on the calling thread (the blocked order's partial rows are its scratch). Writes nothing
  // to db until pixels have been read.
  FusedBiasGrad(BiasGradOrder order, Isa isa, const Conv2dBiasProblem& p, const T* dy, T* db);
  FusedBiasGrad(const FusedBiasGrad&) = delete;
  FusedBiasGrad& operator=(const FusedBiasGrad&) = delete;

  // Pixels [begin, end) of dy have just been read by the part owning units [unit_begin, unit_end)
  // of `units` (see Conv2dProblem::dy_progress): sum its share of them.
  void piece(std::int64_t begin, std::int64_t end, std::int64_t unit_begin, std::int64_t unit_end, std::int64_t units,
             bool first_part);
  // Sums the rest and writes db. Call after the weights variant has returned.
  void finish();
  // The hook for Conv2dProblem::dy_progress, calling piece().
  Conv2dProblem::DyProgress progress();

 private:
  BiasGradOrder order_;
  Isa isa_;
  Conv2dBiasProblem p_;
  const T* dy_;
  T* db_;
  std::int64_t pixels_;
  ConvBwdBiasPlan plan_{};
  T* partials_ = nullptr;
  std::int64_t done_ = 0;   // pixels summed (reference, simd); written by the first part's owner of unit 0 only
  bool reported_ = false;  // the weights variant reported its pieces (the first part's owner of unit 0 writes it)

  // The chunks whose pixels all lie in [0, end) (the last one may be short).
  std::int64_t chunks_ready(std::int64_t end) const { return end >= pixels_ ? plan_.chunks : end / plan_.chunk_pixels; }
  void sum_pixels(std::int64_t end);  // reference, simd: pixels [done_, end)
};

}  // namespace cnnkit::ops

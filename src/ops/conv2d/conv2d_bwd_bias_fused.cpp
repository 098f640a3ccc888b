// Baseline code: the orders' bookkeeping; the vector sums are the bias op's own tier kernels.
#include "ops/conv2d/conv2d_bwd_bias_fused.hpp"

#include <algorithm>
#include <string>

#include "cnnkit/error.hpp"
#include "core/workspace.hpp"
#include "ops/conv2d/conv2d_tiers_bwd_weights.hpp"
#include "ops/conv2d/conv2d_reference.hpp"

namespace cnnkit::ops {

BiasGradOrder bias_grad_order(std::string_view name) {
  if (name == "conv2d_bwd_bias.ref") return BiasGradOrder::reference;
  if (name.starts_with("conv2d_bwd_bias.simd.")) return BiasGradOrder::simd;
  if (name.starts_with("conv2d_bwd_bias.blocked.")) return BiasGradOrder::blocked;
  throw Error(Status::internal_error,
              "conv2d_backward_weights_bias: no fused order for bias variant '" + std::string(name) + "'");
}

template <class T>
FusedBiasGrad<T>::FusedBiasGrad(BiasGradOrder order, Isa isa, const Conv2dBiasProblem& p, const T* dy, T* db)
    : order_(order), isa_(isa), p_(p), dy_(dy), db_(db), pixels_(p.dy.n * p.dy.h * p.dy.w) {
  // db is not written here: a weights variant that cannot run (forced) throws after this, and a
  // failing call leaves its outputs untouched.
  if (order_ == BiasGradOrder::blocked) {
    plan_ = make_conv_bwd_bias_plan(p_, sizeof(T));
    partials_ = core::thread_scratch<T>(core::ScratchSlot::partials, static_cast<std::size_t>(plan_.partials_count()));
  }
}

template <class T>
void FusedBiasGrad<T>::sum_pixels(std::int64_t end) {
  end = std::min(end, pixels_);
  if (end <= done_) return;
  const std::int64_t c = p_.dy.c;
  if (order_ == BiasGradOrder::reference) {
    // conv2d_bwd_bias_reference's own loop over the pixels not yet summed, from zeros.
    if (done_ == 0) std::fill(db_, db_ + c, T(0));
    conv2d_bwd_bias_reference_add(c, dy_, db_, done_, end);
  } else {
    // The simd kernel over pixels [done, end) as one flat piece, its running sums resumed from db.
    const Conv2dBiasProblem piece{NhwcShape{1, 1, end - done_, c}};
    conv_bwd_weights_tier_kernels<T>(isa_).bias_simd(piece, dy_ + done_ * c, db_, done_ > 0);
  }
  done_ = end;
}

template <class T>
void FusedBiasGrad<T>::piece(std::int64_t begin, std::int64_t end, std::int64_t unit_begin, std::int64_t unit_end,
                             std::int64_t units, bool first_part) {
  if (unit_begin == 0 && first_part) reported_ = true;
  if (order_ != BiasGradOrder::blocked) {
    if (unit_begin == 0 && first_part) sum_pixels(end);  // one writer; finish() sums the pixels after
    return;
  }
  // The chunks this piece completes, each summed by the part that owns its unit.
  for (std::int64_t k = chunks_ready(begin), last = chunks_ready(end); k < last; ++k) {
    const std::int64_t owner = k * units / plan_.chunks;
    if (owner >= unit_begin && owner < unit_end)
      conv_bwd_weights_tier_kernels<T>(isa_).bias_chunks(plan_, dy_, partials_, k, k + 1);
  }
}

template <class T>
void FusedBiasGrad<T>::finish() {
  switch (order_) {
    case BiasGradOrder::reference:
      if (done_ == 0) std::fill(db_, db_ + p_.dy.c, T(0));  // (also when there are no pixels)
      sum_pixels(pixels_);
      return;
    case BiasGradOrder::simd:
      // Nothing read yet (the reference weights variant, or no pixels): the plain kernel, which also
      // writes db's zeros when there are no pixels.
      if (done_ == 0) return conv_bwd_weights_tier_kernels<T>(isa_).bias_simd(p_, dy_, db_, false);
      sum_pixels(pixels_);
      return;
    case BiasGradOrder::blocked:
      if (plan_.chunks == 0) return std::fill(db_, db_ + p_.dy.c, T(0));
      // Reported pieces cover all of dy and every chunk has one owner; otherwise sum them all now.
      if (!reported_) conv_bwd_weights_tier_kernels<T>(isa_).bias_chunks(plan_, dy_, partials_, 0, plan_.chunks);
      conv_bwd_weights_tier_kernels<T>(isa_).bias_combine(plan_, partials_, db_);
      return;
  }
}

template <class T>
Conv2dProblem::DyProgress FusedBiasGrad<T>::progress() {
  return {[](void* self, std::int64_t begin, std::int64_t end, std::int64_t unit_begin, std::int64_t unit_end,
             std::int64_t units, bool first_part) {
            static_cast<FusedBiasGrad<T>*>(self)->piece(begin, end, unit_begin, unit_end, units, first_part);
          },
          this};
}

template class FusedBiasGrad<float>;
template class FusedBiasGrad<double>;

}  // namespace cnnkit::ops

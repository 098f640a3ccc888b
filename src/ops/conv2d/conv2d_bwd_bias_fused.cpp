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
void FusedBiasGrad<T>::advance(std::int64_t end) {
  end = std::min(end, pixels_);
  const std::int64_t c = p_.dy.c;
  switch (order_) {
    case BiasGradOrder::reference:
      // conv2d_bwd_bias_reference's own loop over the pixels not yet summed, from zeros.
      if (end > done_) {
        if (done_ == 0) std::fill(db_, db_ + c, T(0));
        conv2d_bwd_bias_reference_add(c, dy_, db_, done_, end);
        done_ = end;
      }
      return;
    case BiasGradOrder::simd:
      // The simd kernel over pixels [done, end) as one flat piece, its running sums resumed from db.
      if (end > done_) {
        const Conv2dBiasProblem piece{NhwcShape{1, 1, end - done_, c}};
        conv_bwd_weights_tier_kernels<T>(isa_).bias_simd(piece, dy_ + done_ * c, db_, done_ > 0);
        done_ = end;
      }
      return;
    case BiasGradOrder::blocked: {
      // Every chunk whose pixels have all been read (the last one may be short).
      const std::int64_t ready = end >= pixels_ ? plan_.chunks : end / plan_.chunk_pixels;
      if (ready > done_) {
        conv_bwd_weights_tier_kernels<T>(isa_).bias_chunks(plan_, dy_, partials_, done_, ready);
        done_ = ready;
      }
      return;
    }
  }
}

template <class T>
void FusedBiasGrad<T>::finish() {
  if (order_ == BiasGradOrder::simd && done_ == 0) {
    // No pixel read yet (the reference weights variant, or an empty dy): the plain kernel, which
    // also writes db's zeros when there are no pixels.
    conv_bwd_weights_tier_kernels<T>(isa_).bias_simd(p_, dy_, db_, false);
    return;
  }
  if (order_ == BiasGradOrder::reference && done_ == 0) std::fill(db_, db_ + p_.dy.c, T(0));  // no pixels
  advance(pixels_);
  if (order_ != BiasGradOrder::blocked) return;
  if (plan_.chunks == 0)
    std::fill(db_, db_ + p_.dy.c, T(0));
  else
    conv_bwd_weights_tier_kernels<T>(isa_).bias_combine(plan_, partials_, db_);
}

template <class T>
Conv2dProblem::DyProgress FusedBiasGrad<T>::progress() {
  return {[](void* self, std::int64_t end) { static_cast<FusedBiasGrad<T>*>(self)->advance(end); }, this};
}

template class FusedBiasGrad<float>;
template class FusedBiasGrad<double>;

}  // namespace cnnkit::ops

// Conv2dPackedWeights: validation, the choice of tier, and packing (cnnkit/prepack.hpp).
#include <algorithm>
#include <cstring>
#include <string>

#include "api/arg_check.hpp"
#include "cnnkit/prepack.hpp"
#include "core/registry.hpp"
#include "ops/conv2d/conv2d_fwd_plan.hpp"
#include "ops/conv2d/conv2d_nonfinite_fixup.hpp"
#include "ops/conv2d/conv2d_packed_weights.hpp"
#include "ops/conv2d/conv2d_tiers.hpp"

namespace cnnkit {
namespace {

// The tier conv2d_forward will run under ctx: a forced variant's, else the best within the cap.
template <class T>
Isa packing_tier(const Context& ctx) {
  Isa tier = std::min(detected_isa(), ctx.max_isa());
  const std::string_view forced = ctx.forced_variant(OpId::conv2d_fwd);
  if (!forced.empty())
    for (const VariantInfo& v : list_variants(OpId::conv2d_fwd, core::dtype_of<T>()))
      if (v.name == forced) tier = std::min(detected_isa(), v.isa);
  return tier;
}

}  // namespace

template <Real T>
Conv2dPackedWeights<T>::Conv2dPackedWeights(HwioView<const NoDeduce<T>> w, std::int64_t groups, const Context& ctx) {
  const api::ArgCheck check("cnnkit::Conv2dPackedWeights");
  check.not_null(w.data, "w");
  const std::int64_t count = check.elements(w.shape, "w", sizeof(T));
  check.positive(groups, "groups");
  if (w.shape.c_out % groups != 0)
    check.fail("w", "c_out divisible by groups = " + std::to_string(groups), "c_out = " + std::to_string(w.shape.c_out));

  auto d = std::make_shared<detail::Conv2dPackedWeightsData<T>>();
  d->shape = w.shape;
  d->groups = groups;
  d->hwio.assign(w.data, w.data + count);

  const Isa tier = packing_tier<T>(ctx);
  if (tier != Isa::scalar) {
    // The packed layout depends on the weights, the groups and the tier's blocking only; a
    // one-pixel problem with these weights yields it.
    ops::Conv2dProblem p{};
    p.w = w.shape;
    p.params.groups = groups;
    p.x = NhwcShape{1, w.shape.kh, w.shape.kw, w.shape.c_in_per_group * groups};
    p.y = NhwcShape{1, 1, 1, w.shape.c_out};
    const ops::ConvFwdPlan plan = ops::make_conv_fwd_plan(p, ops::conv_tier_kernels<T>(tier).blocking, sizeof(T));
    d->layout = ops::ConvFwdPackedLayout{tier, plan.groups, plan.cig, plan.cog, w.shape.kh, w.shape.kw, plan.nb, nullptr};
    if (!plan.planar) {  // the planar kernel (few output channels) reads HWIO: nothing to pack
      d->packed = core::AlignedArray<T>(static_cast<std::size_t>(plan.packed_count()));
      ops::pack_conv_fwd_weights(plan, d->hwio.data(), d->packed.data());
      d->layout.data = d->packed.data();
    }
  }
  // Scanned once here, so that forward calls need not (conv2d_nonfinite_fixup.hpp).
  d->layout.weights_nonfinite = ops::any_nonfinite(d->hwio.data(), count);
  data_ = std::move(d);
}

template <Real T>
HwioShape Conv2dPackedWeights<T>::shape() const {
  return data_->shape;
}

template <Real T>
std::int64_t Conv2dPackedWeights<T>::groups() const {
  return data_->groups;
}

template <Real T>
Isa Conv2dPackedWeights<T>::isa() const {
  return data_->layout.isa;
}

template <Real T>
std::size_t Conv2dPackedWeights<T>::bytes() const {
  return (data_->hwio.size() + data_->packed.size()) * sizeof(T);
}

template class Conv2dPackedWeights<float>;
template class Conv2dPackedWeights<double>;

}  // namespace cnnkit

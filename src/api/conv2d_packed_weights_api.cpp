// Conv2dPackedWeights: validation, the choice of tier, and packing (cnnkit/prepack.hpp).
#include "api/conv2d_packing.hpp"
#include "cnnkit/prepack.hpp"
#include "core/registry.hpp"
#include "ops/conv2d/conv2d_fwd_plan.hpp"
#include "ops/conv2d/conv2d_nonfinite_fixup.hpp"
#include "ops/conv2d/conv2d_packed_weights.hpp"
#include "ops/conv2d/conv2d_threaded_packing.hpp"
#include "ops/conv2d/conv2d_tiers.hpp"

namespace cnnkit {

template <Real T>
Conv2dPackedWeights<T>::Conv2dPackedWeights(HwioView<const NoDeduce<T>> w, std::int64_t groups, const Context& ctx) {
  const api::ArgCheck check("cnnkit::Conv2dPackedWeights");
  const auto d = api::copy_for_packing<detail::Conv2dPackedWeightsData<T>>(check, w, groups);
  const auto count = static_cast<std::int64_t>(d->hwio.size());

  const Isa tier = api::packing_tier(OpId::conv2d_fwd, core::dtype_of<T>(), ctx);
  if (tier != Isa::scalar) {
    const ops::ConvFwdPlan plan = ops::make_conv_fwd_plan(api::packing_problem(w.shape, groups),
                                                          ops::conv_tier_kernels<T>(tier).blocking, sizeof(T));
    d->layout =
        ops::ConvFwdPackedLayout{tier, plan.groups, plan.cig, plan.cog, w.shape.kh, w.shape.kw, plan.nb, nullptr};
    if (!plan.planar) {  // the planar kernel (few output channels) reads HWIO: nothing to pack
      d->packed = core::AlignedArray<T>(static_cast<std::size_t>(plan.packed_count()));
      const api::PackingTeam team = api::packing_team(ctx);
      ops::pack_conv_fwd_weights_threaded(plan, d->hwio.data(), d->packed.data(), team.kind, team.threads);
      d->layout.data = d->packed.data();
    }
  }
  // Scanned once here, so that forward calls need not (conv2d_nonfinite_fixup.hpp).
  d->layout.weights_nonfinite = ops::any_nonfinite(d->hwio.data(), count);
  data_ = d;
}

// Only the constructor here: the accessors and the class's instantiation are in
// conv2d_packed_weights_accessors.cpp.
template Conv2dPackedWeights<float>::Conv2dPackedWeights(HwioView<const float>, std::int64_t, const Context&);
template Conv2dPackedWeights<double>::Conv2dPackedWeights(HwioView<const double>, std::int64_t, const Context&);

}  // namespace cnnkit

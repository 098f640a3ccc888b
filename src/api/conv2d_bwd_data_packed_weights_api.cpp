// Conv2dBackwardDataPackedWeights: validation, the choice of tier, and packing with the plan's own
// packer (cnnkit/prepack.hpp), so the layout follows whatever the backward-data plan packs.
#include "api/conv2d_packing.hpp"
#include "cnnkit/prepack.hpp"
#include "core/registry.hpp"
#include "ops/conv2d/conv2d_bwd_data_plan.hpp"
#include "ops/conv2d/conv2d_bwd_data_tiers.hpp"
#include "ops/conv2d/conv2d_nonfinite_fixup.hpp"
#include "ops/conv2d/conv2d_packed_weights.hpp"
#include "ops/conv2d/conv2d_threaded_packing.hpp"

namespace cnnkit {

template <Real T>
Conv2dBackwardDataPackedWeights<T>::Conv2dBackwardDataPackedWeights(HwioView<const NoDeduce<T>> w, std::int64_t groups,
                                                                    const Context& ctx) {
  const api::ArgCheck check("cnnkit::Conv2dBackwardDataPackedWeights");
  const auto d = api::copy_for_packing<detail::Conv2dBackwardDataPackedWeightsData<T>>(check, w, groups);
  const auto count = static_cast<std::int64_t>(d->hwio.size());

  const Isa tier = api::packing_tier(OpId::conv2d_bwd_data, core::dtype_of<T>(), ctx);
  if (tier == Isa::scalar) {
    // Nothing packed: calls read the copy (and scan it themselves when they pack).
    d->layout.weights_nonfinite = ops::any_nonfinite(d->hwio.data(), count);
  } else {
    const ops::ConvBwdDataPlan plan = ops::make_conv_bwd_data_plan(
        api::packing_problem(w.shape, groups), ops::conv_bwd_data_tier_kernels<T>(tier).blocking, sizeof(T));
    d->packed = core::AlignedArray<T>(static_cast<std::size_t>(plan.packed_count()));
    const api::PackingTeam team = api::packing_team(ctx);
    d->layout = ops::ConvBwdDataPackedLayout{tier,     plan.groups, plan.cig,  plan.cog,          w.shape.kh,
                                             w.shape.kw, plan.nb,   plan.gemm, d->packed.data(), false};
    // The packer notes non-finite weights (conv2d_nonfinite_fixup.hpp), so calls need not scan.
    d->layout.weights_nonfinite =
        ops::pack_conv_bwd_data_weights_threaded(plan, d->hwio.data(), d->packed.data(), team.kind, team.threads);
  }
  data_ = d;
}

// Only the constructor here: the accessors and the class's instantiation are in
// conv2d_packed_weights_accessors.cpp.
template Conv2dBackwardDataPackedWeights<float>::Conv2dBackwardDataPackedWeights(HwioView<const float>, std::int64_t,
                                                                                 const Context&);
template Conv2dBackwardDataPackedWeights<double>::Conv2dBackwardDataPackedWeights(HwioView<const double>, std::int64_t,
                                                                                  const Context&);

}  // namespace cnnkit

// What the two prepacked-weights constructors (cnnkit/prepack.hpp) share: argument checks, the tier
// to pack for, the problem whose plan yields the layout, and the threads to pack with.
#pragma once

#include <cstdint>
#include <memory>

#include "api/arg_check.hpp"
#include "cnnkit/context.hpp"
#include "cnnkit/tensor.hpp"
#include "ops/conv2d/conv2d_problem.hpp"

namespace cnnkit::api {

// Checks w and groups as the constructors take them; returns w's element count.
std::int64_t check_packing_args(const ArgCheck& check, const void* w, const HwioShape& shape, std::int64_t groups,
                                std::size_t element_size);

// Checks w and groups, then a new object's data (detail::PackedConvWeights) with them and a copy
// of w; its layout is the caller's to fill.
template <class Data, class T>
std::shared_ptr<Data> copy_for_packing(const ArgCheck& check, HwioView<const T> w, std::int64_t groups) {
  const std::int64_t count = check_packing_args(check, w.data, w.shape, groups, sizeof(T));
  auto d = std::make_shared<Data>();
  d->shape = w.shape;
  d->groups = groups;
  d->hwio.assign(w.data, w.data + count);
  return d;
}

// The tier calls of `op` will run under ctx: the tier of ctx's forced variant of `op` if one is
// forced, else the best tier of this CPU within ctx's ISA cap.
Isa packing_tier(OpId op, DType dtype, const Context& ctx);

// The packed layouts depend on the weights, the groups and the tier's blocking only; a
// one-pixel problem with these weights yields them.
ops::Conv2dProblem packing_problem(const HwioShape& w, std::int64_t groups);

// The thread team ctx allows for packing: its threading policy's runtime (OpenMP unless the policy
// is oneTBB; serial when the policy is serial) and its thread count.
struct PackingTeam {
  Threading kind = Threading::serial;
  int threads = 1;
};
PackingTeam packing_team(const Context& ctx);

}  // namespace cnnkit::api

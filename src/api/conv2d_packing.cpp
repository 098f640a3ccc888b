#include "api/conv2d_packing.hpp"

#include <algorithm>
#include <string>

#include "core/registry.hpp"
#include "core/threading.hpp"

namespace cnnkit::api {

std::int64_t check_packing_args(const ArgCheck& check, const void* w, const HwioShape& shape, std::int64_t groups,
                                std::size_t element_size) {
  check.not_null(w, "w");
  const std::int64_t count = check.elements(shape, "w", element_size);
  check.positive(groups, "groups");
  if (shape.c_out % groups != 0)
    check.fail("w", "c_out divisible by groups = " + std::to_string(groups), "c_out = " + std::to_string(shape.c_out));
  return count;
}

Isa packing_tier(OpId op, DType dtype, const Context& ctx) {
  Isa tier = std::min(detected_isa(), ctx.max_isa());
  const std::string_view forced = ctx.forced_variant(op);
  if (!forced.empty())
    for (const VariantInfo& v : list_variants(op, dtype))
      if (v.name == forced) tier = std::min(detected_isa(), v.isa);
  return tier;
}

ops::Conv2dProblem packing_problem(const HwioShape& w, std::int64_t groups) {
  ops::Conv2dProblem p{};
  p.w = w;
  p.params.groups = groups;
  p.x = NhwcShape{1, w.kh, w.kw, w.c_in_per_group * groups};
  p.y = NhwcShape{1, 1, 1, w.c_out};
  return p;
}

PackingTeam packing_team(const Context& ctx) {
  const ThreadingPolicy policy = ctx.threading();
  if (policy == ThreadingPolicy::serial) return {};
  const Threading kind = policy == ThreadingPolicy::tbb ? Threading::tbb : Threading::openmp;
  const core::Exec exec{policy, ctx.num_threads(), false};
  return {kind, core::resolve_num_threads(kind, exec)};
}

}  // namespace cnnkit::api

// The ladder per op: what each rung of optimisation buys over the reference loop nest. Per case
// (shape) and kind (variant_kind.hpp): the best speedup over the reference among the kind's
// drawable rows, the reference, simd and blocked rows being one-thread and the threaded variants
// and the plain call ("plain", not prepacked or tuned) at the run's largest thread count; per
// op, the median of each kind over the cases that have it.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "compare/record.hpp"
#include "report/variant_kind.hpp"

namespace cnnkit::bench {

struct LadderCase {
  std::string shape;
  std::array<double, kVariantKinds.size()> speedup;       // NaN where the case has no such row
  std::array<std::string, kVariantKinds.size()> variant;  // the row behind each speedup
};

struct Ladder {
  OpId op = OpId::pad;
  int threads = 1;  // the thread count of the threaded and plain rungs
  std::vector<LadderCase> cases;
  std::array<double, kVariantKinds.size()> median;   // NaN where no case has the kind
  std::array<int, kVariantKinds.size()> cases_with;  // how many cases have each kind
};

// One ladder per op that has a measured reference, in the records' order of ops.
std::vector<Ladder> ladders(const std::vector<Record>& records);

// The bars (an <svg>, id "ladder-<op>") and the per-case table (HTML).
std::string ladder_chart(const Ladder& ladder);
std::string ladder_table(const Ladder& ladder);

}  // namespace cnnkit::bench

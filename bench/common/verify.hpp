// Checking a variant's outputs against the reference's on the same inputs. The tolerance is the
// project's float32 fixture tolerance (tests/data/fixtures/README.md), and a float64 analogue:
//   |got - ref| <= rtol * |ref| + rtol * max(1, max |ref|),  rtol = 1e-4 (f32), 1e-10 (f64).
// NaN must meet NaN and infinities must match exactly. Conv and dense inputs are small
// integers, so there any correct variant is exact and the tolerance only absorbs variants that
// legitimately round (transforms, exp/log, sqrt).
#pragma once

#include <cstdint>
#include <string>

#include "cnnkit/dispatch.hpp"
#include "common/op_case.hpp"

namespace cnnkit::bench {

struct CheckResult {
  bool ok = true;
  double max_abs_error = 0;     // over all elements
  std::int64_t first_bad = -1;  // index of the first element out of tolerance, or -1
  std::string detail;           // empty when ok, e.g. "element 17: got 3, reference 4"
};

CheckResult compare_outputs(const Snapshot& got, const Snapshot& reference, DType dtype);

}  // namespace cnnkit::bench

#include "common/verify.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace cnnkit::bench {

CheckResult compare_outputs(const Snapshot& got, const Snapshot& reference, DType dtype) {
  CheckResult r;
  if (got.values.size() != reference.values.size()) {
    r.ok = false;
    r.detail = "output sizes differ: " + std::to_string(got.values.size()) + " vs reference " +
               std::to_string(reference.values.size());
    return r;
  }
  const double rtol = dtype == DType::f32 ? 1e-4 : 1e-10;
  double scale = 1;
  for (double v : reference.values)
    if (std::isfinite(v)) scale = std::max(scale, std::abs(v));
  for (std::size_t i = 0; i < got.values.size(); ++i) {
    const double g = got.values[i], e = reference.values[i];
    bool fine;
    if (std::isnan(e) || std::isnan(g)) {
      fine = std::isnan(e) && std::isnan(g);
    } else if (std::isinf(e) || std::isinf(g)) {
      fine = g == e;
    } else {
      const double err = std::abs(g - e);
      r.max_abs_error = std::max(r.max_abs_error, err);
      fine = err <= rtol * std::abs(e) + rtol * scale;
    }
    if (!fine && r.ok) {
      r.ok = false;
      r.first_bad = static_cast<std::int64_t>(i);
      std::ostringstream o;
      o.precision(9);
      o << "element " << i << ": got " << g << ", reference " << e;
      r.detail = o.str();
    }
  }
  return r;
}

}  // namespace cnnkit::bench

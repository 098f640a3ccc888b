// The roofline charts: per op family, cnnkit's forced variants and plain calls as points at
// (arithmetic intensity, GFLOP/s) on log-log axes, under the roofs this machine measured at each
// probed thread count: min(FMA peak, STREAM copy x intensity).
#pragma once

#include <array>
#include <string>
#include <vector>

#include "common/layer.hpp"
#include "common/machine_probe.hpp"
#include "compare/record.hpp"
#include "report/roofline_work.hpp"

namespace cnnkit::bench {

enum class OpFamily { conv, pool, eltwise, dense };
inline constexpr std::array<OpFamily, 4> kOpFamilies = {OpFamily::conv, OpFamily::pool, OpFamily::eltwise,
                                                        OpFamily::dense};

OpFamily family_of(OpId op);           // conv2d_*; pool2d_*; relu, pad, adam; dense_*, softmax_xent
const char* family_id(OpFamily f);     // "conv", "pool", "eltwise", "dense"
const char* family_title(OpFamily f);  // "convolution", ...

struct RooflinePoint {
  const Record* record = nullptr;
  RooflineWork work;
  double gflops = 0;  // work.flops / median time
};

struct RooflineData {
  std::vector<RooflinePoint> points;  // cnnkit's drawable forced and plain rows of the family
  int without_flops = 0;              // drawable rows left out: no floating-point work (pad)
};

// `layers` are the run's layers (Record::shape names one); rows whose layer is not there are left out.
RooflineData roofline_data(OpFamily family, const std::vector<Record>& records, const std::vector<Layer>& layers,
                           DType dtype);

// The chart (an <svg>), its id "roofline-<family id>".
std::string roofline_chart(OpFamily family, const RooflineData& data, const MachineProbe& probe);

}  // namespace cnnkit::bench

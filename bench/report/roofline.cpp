#include "report/roofline.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "report/svg_chart.hpp"
#include "report/variant_kind.hpp"

namespace cnnkit::bench {

OpFamily family_of(OpId op) {
  switch (op) {
    case OpId::conv2d_fwd:
    case OpId::conv2d_bwd_data:
    case OpId::conv2d_bwd_weights:
    case OpId::conv2d_bwd_bias:
      return OpFamily::conv;
    case OpId::pool2d_fwd:
    case OpId::pool2d_bwd:
    case OpId::pool2d_fwd_indices:
    case OpId::pool2d_bwd_indices:
      return OpFamily::pool;
    case OpId::dense_fwd:
    case OpId::dense_bwd_data:
    case OpId::dense_bwd_weights:
    case OpId::dense_bwd_bias:
    case OpId::softmax_xent:
      return OpFamily::dense;
    default:
      return OpFamily::eltwise;
  }
}

const char* family_id(OpFamily f) {
  switch (f) {
    case OpFamily::conv:
      return "conv";
    case OpFamily::pool:
      return "pool";
    case OpFamily::eltwise:
      return "eltwise";
    case OpFamily::dense:
      return "dense";
  }
  return "?";
}

const char* family_title(OpFamily f) {
  switch (f) {
    case OpFamily::conv:
      return "convolution";
    case OpFamily::pool:
      return "pooling";
    case OpFamily::eltwise:
      return "ReLU, pad, Adam";
    case OpFamily::dense:
      return "dense, softmax cross-entropy";
  }
  return "?";
}

RooflineData roofline_data(OpFamily family, const std::vector<Record>& records, const std::vector<Layer>& layers,
                           DType dtype) {
  RooflineData data;
  for (const Record& r : records) {
    if (family_of(r.op) != family || !variant_kind(r) || !drawable(r)) continue;
    const auto layer = std::find_if(layers.begin(), layers.end(), [&](const Layer& l) { return l.name == r.shape; });
    if (layer == layers.end()) continue;
    const RooflineWork work = roofline_work(r.op, *layer, dtype, r.work);
    if (!(work.flops > 0) || !(work.bytes > 0)) {
      ++data.without_flops;
      continue;
    }
    data.points.push_back({&r, work, work.flops / r.timing.median_s / 1e9});
  }
  return data;
}

std::string roofline_chart(OpFamily family, const RooflineData& data, const MachineProbe& probe) {
  SvgChart chart(std::string("roofline-") + family_id(family), 640, 430, {70, 40, 20, 50});
  chart.title(std::string("Roofline: ") + family_title(family));

  std::vector<double> xs, ys;
  for (const RooflinePoint& p : data.points) {
    xs.push_back(p.work.intensity());
    ys.push_back(p.gflops);
  }
  // The ridge points (peak / bandwidth) and the peaks belong in the picture too.
  for (const auto& [t, peak] : probe.fma_gflops) {
    const double bw = probe.copy_bandwidth(t);
    if (peak > 0 && bw > 0) xs.push_back(peak / bw);
    ys.push_back(peak);
  }
  auto [x_lo, x_hi] = data_range(xs, true, 2.0);
  auto [y_lo, y_hi] = data_range(ys, true, 2.0);
  const Scale x = Scale::log10(x_lo, x_hi, chart.plot_left(), chart.plot_right());
  const Scale y = Scale::log10(y_lo, y_hi, chart.plot_bottom(), chart.plot_top());
  chart.x_axis(x, "arithmetic intensity (FLOP/byte)");
  chart.y_axis(y, "GFLOP/s");

  // One roof per probed thread count: bandwidth x intensity up to the ridge, then the peak.
  for (const auto& [t, peak] : probe.fma_gflops) {
    const double bw = probe.copy_bandwidth(t);
    if (!(peak > 0) || !(bw > 0)) continue;
    const double ridge = peak / bw;
    const double start = std::max(x.lo(), y.lo() / bw);
    const std::string label =
        std::to_string(t) + "T: FMA peak " + short_number(peak) + " GFLOP/s, STREAM copy " + short_number(bw) + " GB/s";
    chart.polyline({{x(start), y(bw * start)}, {x(ridge), y(peak)}, {x(x.hi()), y(peak)}},
                   "roof roof-t" + std::to_string(std::min(t, 2)), label);
    // The one-thread roof's label goes under its line, the others over theirs: close roofs do not overprint.
    chart.text(chart.plot_right() - 4, y(peak) + (t == 1 ? 12 : -4),
               std::to_string(t) + "T FMA peak " + short_number(peak), "roof-label", "end");
  }

  std::set<VariantKind> kinds;
  for (const RooflinePoint& p : data.points) {
    const Record& r = *p.record;
    const VariantKind kind = *variant_kind(r);
    kinds.insert(kind);
    MarkInfo mark{"point " + std::string(css_name(kind)),
                  {{"op", to_string(r.op)},
                   {"case", r.shape},
                   {"variant", r.variant},
                   {"kind", css_name(kind)},
                   {"threads", std::to_string(r.threads)}},
                  std::string(to_string(r.op)) + " " + r.shape + ": " + r.variant + ", " + std::to_string(r.threads) +
                      "T: " + short_number(p.gflops) + " GFLOP/s at " + short_number(p.work.intensity()) +
                      " FLOP/byte"};
    chart.point(x(p.work.intensity()), y(p.gflops), colour(kind), kind == VariantKind::plain ? 4.5 : 3.5, mark);
  }
  for (VariantKind k : kVariantKinds)
    if (kinds.contains(k)) chart.legend(colour(k), to_string(k));
  if (data.points.empty())
    chart.text((chart.plot_left() + chart.plot_right()) / 2, (chart.plot_top() + chart.plot_bottom()) / 2,
               "no measured rows of this family", "empty", "middle");
  return chart.svg();
}

}  // namespace cnnkit::bench

#include "report/ladder.hpp"

#include <algorithm>
#include <cmath>

#include "report/svg_chart.hpp"

namespace cnnkit::bench {
namespace {

constexpr std::size_t index_of(VariantKind k) { return static_cast<std::size_t>(k); }

double median(std::vector<double> v) {
  if (v.empty()) return NAN;
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

}  // namespace

std::vector<Ladder> ladders(const std::vector<Record>& records) {
  std::vector<Ladder> out;
  for (const Record& r : records) {
    if (!r.reference || !drawable(r)) continue;
    auto ladder = std::find_if(out.begin(), out.end(), [&](const Ladder& l) { return l.op == r.op; });
    if (ladder == out.end()) ladder = out.insert(out.end(), Ladder{r.op, 1, {}, {}, {}});
    LadderCase c{r.shape, {}, {}};
    c.speedup.fill(NAN);
    ladder->cases.push_back(c);
  }
  for (Ladder& ladder : out) {
    for (const Record& r : records)
      if (r.op == ladder.op && variant_kind(r) && drawable(r)) ladder.threads = std::max(ladder.threads, r.threads);
    for (LadderCase& c : ladder.cases) {
      for (const Record& r : records) {
        if (r.op != ladder.op || r.shape != c.shape || !drawable(r) || !std::isfinite(r.speedup)) continue;
        const auto kind = variant_kind(r);
        if (!kind) continue;
        const bool at_full = *kind == VariantKind::threaded || *kind == VariantKind::plain;
        if (at_full && r.threads != ladder.threads) continue;
        if (*kind == VariantKind::plain && r.variant != "plain") continue;
        double& best = c.speedup[index_of(*kind)];
        if (std::isnan(best) || r.speedup > best) {
          best = r.speedup;
          c.variant[index_of(*kind)] = r.kind == RowKind::plain ? "plain call (ran " + r.ran_variant + ")" : r.variant;
        }
      }
    }
    for (VariantKind k : kVariantKinds) {
      std::vector<double> values;
      for (const LadderCase& c : ladder.cases)
        if (std::isfinite(c.speedup[index_of(k)])) values.push_back(c.speedup[index_of(k)]);
      ladder.median[index_of(k)] = median(values);
      ladder.cases_with[index_of(k)] = static_cast<int>(values.size());
    }
  }
  return out;
}

std::string ladder_chart(const Ladder& ladder) {
  const std::string op = to_string(ladder.op);
  SvgChart chart("ladder-" + op, 410, 300, {60, 40, 15, 55});
  chart.title(op + ": speedup over the reference");
  std::vector<double> values{1.0};
  for (double m : ladder.median) values.push_back(m);
  auto [lo, hi] = data_range(values, true, 1.5);
  const Scale y = Scale::log10(lo, hi, chart.plot_bottom(), chart.plot_top());
  chart.y_axis(y, "speedup (x reference)");
  chart.line(chart.plot_left(), chart.plot_bottom(), chart.plot_right(), chart.plot_bottom(), "axis");
  chart.text((chart.plot_left() + chart.plot_right()) / 2, chart.height() - 8,
             "median of " + std::to_string(ladder.cases.size()) + (ladder.cases.size() == 1 ? " case" : " cases") +
                 "; threaded and plain call at " + std::to_string(ladder.threads) + "T",
             "axis-label", "middle");
  const double slot = (chart.plot_right() - chart.plot_left()) / static_cast<double>(kVariantKinds.size());
  for (std::size_t i = 0; i < kVariantKinds.size(); ++i) {
    const VariantKind k = kVariantKinds[i];
    const double cx = chart.plot_left() + slot * (static_cast<double>(i) + 0.5);
    chart.x_category(cx, to_string(k));
    const double m = ladder.median[i];
    if (!std::isfinite(m)) {
      chart.text(cx, chart.plot_bottom() - 6, "none", "empty", "middle");
      continue;
    }
    MarkInfo mark{"bar " + std::string(css_name(k)),
                  {{"op", op}, {"kind", css_name(k)}, {"cases", std::to_string(ladder.cases_with[i])}},
                  op + ", " + to_string(k) + ": median " + short_number(m) + "x over " +
                      std::to_string(ladder.cases_with[i]) + " cases"};
    chart.bar(cx - slot * 0.3, y(1.0), cx + slot * 0.3, y(m), colour(k), mark);
    chart.text(cx, std::min(y(m), y(1.0)) - 4, short_number(m) + "x", "value", "middle");
  }
  chart.line(chart.plot_left(), y(1.0), chart.plot_right(), y(1.0), "one-line", "1.0: the reference");
  return chart.svg();
}

std::string ladder_table(const Ladder& ladder) {
  std::string html =
      "<table class=\"details\" data-op=\"" + xml_escape(to_string(ladder.op)) + "\">\n<tr><th>case</th>";
  for (VariantKind k : kVariantKinds) html += std::string("<th>") + to_string(k) + "</th>";
  html += "</tr>\n";
  for (const LadderCase& c : ladder.cases) {
    html += "<tr><td>" + xml_escape(c.shape) + "</td>";
    for (std::size_t i = 0; i < kVariantKinds.size(); ++i) {
      if (std::isfinite(c.speedup[i]))
        html += "<td title=\"" + xml_escape(c.variant[i]) + "\">" + short_number(c.speedup[i]) + "x</td>";
      else
        html += "<td>-</td>";
    }
    html += "</tr>\n";
  }
  return html + "</table>\n";
}

}  // namespace cnnkit::bench

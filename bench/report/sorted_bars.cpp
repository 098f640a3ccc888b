#include "report/sorted_bars.hpp"

#include <algorithm>
#include <cmath>

#include "report/svg_chart.hpp"

namespace cnnkit::bench {
namespace {

std::string line_label(const PlainLine& p) {
  return std::string(to_string(p.op)) + " " + p.shape + " " + std::to_string(p.threads) + "T " + p.plain;
}

std::vector<std::pair<std::string, std::string>> line_data(const PlainLine& p) {
  return {{"op", to_string(p.op)}, {"case", p.shape}, {"threads", std::to_string(p.threads)}, {"plain", p.plain}};
}

}  // namespace

std::vector<SortedBar> engine_ratio_bars(const std::vector<ScoreLine>& lines, const std::string& engine) {
  std::vector<SortedBar> bars;
  for (const ScoreLine& l : lines) {
    if (l.engine != engine || !std::isfinite(l.ratio) || !(l.ratio > 0)) continue;
    SortedBar b{line_label(l.plain), l.ratio, line_data(l.plain), {}};
    b.data.emplace_back("engine", engine);
    b.tooltip = b.label + " (ran " + l.plain.variant + ") vs " + engine + ": " + engine +
                " time / cnnkit time = " + short_number(l.ratio);
    bars.push_back(std::move(b));
  }
  return bars;
}

std::vector<SortedBar> regret_bars(const std::vector<PlainLine>& lines) {
  std::vector<SortedBar> bars;
  for (const PlainLine& p : lines) {
    if (!std::isfinite(p.regret) || !(p.regret > 0)) continue;
    SortedBar b{line_label(p), p.regret, line_data(p), {}};
    b.tooltip =
        b.label + ": ran " + p.variant + ", fastest forced " + p.best.row + ", regret " + short_number(p.regret);
    bars.push_back(std::move(b));
  }
  return bars;
}

std::vector<std::string> engines_of(const std::vector<ScoreLine>& lines) {
  std::vector<std::string> out;
  for (const ScoreLine& l : lines)
    if (std::find(out.begin(), out.end(), l.engine) == out.end()) out.push_back(l.engine);
  return out;
}

std::string sorted_bar_chart(const std::string& id, std::vector<SortedBar> bars, const SortedBarStyle& style) {
  std::stable_sort(bars.begin(), bars.end(), [](const SortedBar& a, const SortedBar& b) { return a.value > b.value; });
  constexpr double row = 16;
  const double height = 95 + row * static_cast<double>(std::max<std::size_t>(bars.size(), 1));
  SvgChart chart(id, 900, height, {330, 46, 30, 50});
  chart.title(style.title);
  std::vector<double> values{1.0};
  if (style.threshold > 0) values.push_back(style.threshold);
  for (const SortedBar& b : bars) values.push_back(b.value);
  auto [lo, hi] = data_range(values, true, 1.2);
  const Scale x = Scale::log10(lo, hi, chart.plot_left(), chart.plot_right());
  chart.x_axis(x, style.axis_label);
  // The tick labels above the bars as well: a long chart's axis is far below its first rows.
  for (double t : x.ticks()) chart.text(x(t), chart.plot_top() - 4, tick_label(t), "tick", "middle");
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const SortedBar& b = bars[i];
    const double top = chart.plot_top() + row * static_cast<double>(i) + 2;
    const bool good = style.above_one_is_good ? b.value >= 1 : b.value <= (style.threshold > 0 ? style.threshold : 1);
    chart.y_category(top + row / 2 - 2, b.label);
    chart.bar(x(1.0), top, x(b.value), top + row - 4, good ? "#2ca02c" : "#d62728", {"bar", b.data, b.tooltip});
    const double end = x(b.value);
    chart.text(b.value >= 1 ? end + 4 : end - 4, top + row / 2 + 2, short_number(b.value), "value",
               b.value >= 1 ? "start" : "end");
  }
  chart.line(x(1.0), chart.plot_top(), x(1.0), chart.plot_bottom(), "one-line", "1.0");
  if (style.threshold > 0)
    chart.line(x(style.threshold), chart.plot_top(), x(style.threshold), chart.plot_bottom(), "threshold",
               short_number(style.threshold));
  if (bars.empty())
    chart.text((chart.plot_left() + chart.plot_right()) / 2, chart.plot_top() + 12, "no values in this run", "empty",
               "middle");
  return chart.svg();
}

}  // namespace cnnkit::bench

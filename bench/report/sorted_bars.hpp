// Sorted bar charts around 1.0: per shape, the plain call's ratio to one engine (engine time /
// plain-call time: > 1, cnnkit faster), and the plain call's dispatch regret (its time / the
// fastest forced variant's: 1, dispatch picked the fastest). One horizontal bar per (op, shape,
// thread count, plain call) with a value, largest on top, on a log axis with 1.0 marked.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "compare/scoreboard.hpp"

namespace cnnkit::bench {

struct SortedBar {
  std::string label;  // "conv2d_fwd seed_small 2T plain"
  double value = 0;
  std::vector<std::pair<std::string, std::string>> data;  // the mark's data-* attributes
  std::string tooltip;
};

// The lines of `engine` with a finite ratio.
std::vector<SortedBar> engine_ratio_bars(const std::vector<ScoreLine>& lines, const std::string& engine);
// The plain lines with a finite regret.
std::vector<SortedBar> regret_bars(const std::vector<PlainLine>& lines);
// The engines of the score lines, in first appearance.
std::vector<std::string> engines_of(const std::vector<ScoreLine>& lines);

struct SortedBarStyle {
  std::string title, axis_label;
  double threshold = 0;           // a second marked value (regret's 1.05); 0 for none
  bool above_one_is_good = true;  // colours: ratios above 1 are good, regrets above 1 are not
};

// The chart (an <svg> with id `id`), bars sorted by value, largest first.
std::string sorted_bar_chart(const std::string& id, std::vector<SortedBar> bars, const SortedBarStyle& style);

}  // namespace cnnkit::bench

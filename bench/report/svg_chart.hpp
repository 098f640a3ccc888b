// The drawing pieces of cnnkit-bench's HTML report (--report): scales from data to pixels
// (linear and log10, with their ticks), and an SVG chart that draws a frame, axes, points, bars,
// lines and text into a plot area. Plain SVG text, no script: the page works offline and in any
// browser. Every data mark is an element with class "mark ..." and data-* attributes (the browser
// test counts them) and a <title> child (the tooltip).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cnnkit::bench {

// Maps [lo, hi] of the data onto [px_lo, px_hi] of the picture (px_hi < px_lo for a y axis that
// grows upwards). A log scale needs lo > 0; its domain is widened to whole decades.
class Scale {
 public:
  static Scale linear(double lo, double hi, double px_lo, double px_hi);
  static Scale log10(double lo, double hi, double px_lo, double px_hi);

  double operator()(double v) const;
  bool is_log() const { return log_; }
  double lo() const { return lo_; }
  double hi() const { return hi_; }
  // Where the axis gets a labelled tick: a log axis at the powers of ten (and 2 and 5 times
  // them when it spans at most two decades), a linear one at 1, 2 or 5 times a power of ten.
  std::vector<double> ticks() const;

 private:
  double lo_ = 0, hi_ = 1, px_lo_ = 0, px_hi_ = 1;
  bool log_ = false;
};

// The smallest and largest finite (and, for a log axis, positive) values, widened by `pad`
// (a factor on a log axis, a fraction of the span on a linear one); {1, 10} or {0, 1} when none.
std::pair<double, double> data_range(const std::vector<double>& values, bool log, double pad);

// "0.01", "0.5", "1", "20", "1k", "2M" ...: short tick labels.
std::string tick_label(double v);
// A number for tooltips and value labels: three significant digits.
std::string short_number(double v);
// Text and attribute values, escaped for HTML and SVG.
std::string xml_escape(std::string_view text);

// What a data mark says about itself: its classes (after "mark"), data-* attributes and tooltip.
struct MarkInfo {
  std::string classes;                                    // e.g. "point", "bar"
  std::vector<std::pair<std::string, std::string>> data;  // data-<name>="value"
  std::string title;                                      // the tooltip
};

struct PlotArea {
  double left = 70, top = 40, right = 20, bottom = 50;  // margins around the plot, in pixels
};

class SvgChart {
 public:
  // `id` names the chart (data-chart on the <svg> and on each mark).
  SvgChart(std::string id, double width, double height, PlotArea margins = {});

  double width() const { return width_; }
  double height() const { return height_; }
  double plot_left() const { return m_.left; }
  double plot_right() const { return width_ - m_.right; }
  double plot_top() const { return m_.top; }
  double plot_bottom() const { return height_ - m_.bottom; }

  void title(const std::string& text);
  // Axis lines, grid lines at the ticks, tick labels and the axis label.
  void x_axis(const Scale& x, const std::string& label);
  void y_axis(const Scale& y, const std::string& label);
  // Category labels under (x) or beside (y) the plot, at the given pixel positions.
  void x_category(double px, const std::string& label);
  void y_category(double py, const std::string& label);

  void point(double px, double py, const std::string& colour, double radius, const MarkInfo& mark);
  // A rectangle between two pixel corners (at least one pixel wide and high, so a value equal to
  // the baseline still shows and still has a tooltip).
  void bar(double x0, double y0, double x1, double y1, const std::string& colour, const MarkInfo& mark);
  void line(double x0, double y0, double x1, double y1, const std::string& css_class, const std::string& label = {});
  void polyline(const std::vector<std::pair<double, double>>& points, const std::string& css_class,
                const std::string& tooltip);
  void text(double px, double py, const std::string& text, const std::string& css_class,
            const std::string& anchor = "start");
  // A legend entry: a swatch and its text, top left inside the plot, one under the other.
  void legend(const std::string& colour, const std::string& text);

  int marks() const { return marks_; }
  std::string svg() const;

 private:
  std::string mark_attributes(const MarkInfo& mark) const;

  std::string id_;
  double width_, height_;
  PlotArea m_;
  std::string body_;
  int marks_ = 0;
  int legend_entries_ = 0;
};

}  // namespace cnnkit::bench

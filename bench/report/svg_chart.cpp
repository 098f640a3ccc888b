#include "report/svg_chart.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace cnnkit::bench {
namespace {

// Pixel coordinates with one decimal: enough for a screen, short in the file.
std::string px(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

}  // namespace

Scale Scale::linear(double lo, double hi, double px_lo, double px_hi) {
  Scale s;
  s.lo_ = lo;
  s.hi_ = hi > lo ? hi : lo + 1;
  s.px_lo_ = px_lo;
  s.px_hi_ = px_hi;
  return s;
}

Scale Scale::log10(double lo, double hi, double px_lo, double px_hi) {
  Scale s;
  s.log_ = true;
  if (!(lo > 0)) lo = 1;
  if (!(hi > lo)) hi = lo * 10;
  s.lo_ = std::pow(10.0, std::floor(std::log10(lo) + 1e-9));
  s.hi_ = std::pow(10.0, std::ceil(std::log10(hi) - 1e-9));
  if (s.hi_ <= s.lo_) s.hi_ = s.lo_ * 10;
  s.px_lo_ = px_lo;
  s.px_hi_ = px_hi;
  return s;
}

double Scale::operator()(double v) const {
  double t = 0;
  if (log_) {
    t = (std::log10(std::max(v, lo_ * 1e-3)) - std::log10(lo_)) / (std::log10(hi_) - std::log10(lo_));
  } else {
    t = (v - lo_) / (hi_ - lo_);
  }
  return px_lo_ + t * (px_hi_ - px_lo_);
}

std::vector<double> Scale::ticks() const {
  std::vector<double> out;
  if (log_) {
    const int first = static_cast<int>(std::lround(std::log10(lo_)));
    const int last = static_cast<int>(std::lround(std::log10(hi_)));
    const bool fine = last - first <= 2;
    for (int e = first; e <= last; ++e) {
      const double p = std::pow(10.0, e);
      out.push_back(p);
      if (fine && e < last) {
        out.push_back(2 * p);
        out.push_back(5 * p);
      }
    }
    return out;
  }
  const double raw = (hi_ - lo_) / 5;
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  double step = mag;
  for (double f : {1.0, 2.0, 5.0, 10.0})
    if (f * mag >= raw) {
      step = f * mag;
      break;
    }
  for (double v = std::ceil(lo_ / step) * step; v <= hi_ + step * 1e-9; v += step)
    out.push_back(std::abs(v) < step * 1e-9 ? 0.0 : v);
  return out;
}

std::pair<double, double> data_range(const std::vector<double>& values, bool log, double pad) {
  double lo = INFINITY, hi = -INFINITY;
  for (double v : values) {
    if (!std::isfinite(v) || (log && !(v > 0))) continue;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  if (!std::isfinite(lo)) return log ? std::pair{1.0, 10.0} : std::pair{0.0, 1.0};
  if (log) return {lo / pad, hi * pad};
  const double span = hi > lo ? hi - lo : std::max(std::abs(hi), 1.0);
  return {lo - pad * span, hi + pad * span};
}

std::string tick_label(double v) {
  if (v == 0) return "0";
  const double a = std::abs(v);
  char buf[32];
  if (a >= 1e9)
    std::snprintf(buf, sizeof buf, "%gG", v / 1e9);
  else if (a >= 1e6)
    std::snprintf(buf, sizeof buf, "%gM", v / 1e6);
  else if (a >= 1e3)
    std::snprintf(buf, sizeof buf, "%gk", v / 1e3);
  else
    std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

std::string short_number(double v) {
  if (!std::isfinite(v)) return "n/a";
  char buf[32];
  std::snprintf(buf, sizeof buf, std::abs(v) >= 1000 ? "%.0f" : "%.3g", v);
  return buf;
}

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

SvgChart::SvgChart(std::string id, double width, double height, PlotArea margins)
    : id_(std::move(id)), width_(width), height_(height), m_(margins) {}

void SvgChart::title(const std::string& text) { this->text(width_ / 2, 20, text, "chart-title", "middle"); }

void SvgChart::x_axis(const Scale& x, const std::string& label) {
  for (double t : x.ticks()) {
    const double p = x(t);
    if (p < plot_left() - 0.5 || p > plot_right() + 0.5) continue;
    line(p, plot_top(), p, plot_bottom(), "grid");
    text(p, plot_bottom() + 15, tick_label(t), "tick", "middle");
  }
  line(plot_left(), plot_bottom(), plot_right(), plot_bottom(), "axis");
  text((plot_left() + plot_right()) / 2, height_ - 8, label, "axis-label", "middle");
}

void SvgChart::y_axis(const Scale& y, const std::string& label) {
  for (double t : y.ticks()) {
    const double p = y(t);
    if (p < plot_top() - 0.5 || p > plot_bottom() + 0.5) continue;
    line(plot_left(), p, plot_right(), p, "grid");
    text(plot_left() - 5, p + 4, tick_label(t), "tick", "end");
  }
  line(plot_left(), plot_top(), plot_left(), plot_bottom(), "axis");
  const double cy = (plot_top() + plot_bottom()) / 2;
  body_ += "<text class=\"axis-label\" text-anchor=\"middle\" transform=\"translate(14," + px(cy) + ") rotate(-90)\">" +
           xml_escape(label) + "</text>\n";
}

void SvgChart::x_category(double p, const std::string& label) { text(p, plot_bottom() + 15, label, "tick", "middle"); }

void SvgChart::y_category(double p, const std::string& label) { text(plot_left() - 5, p + 4, label, "tick", "end"); }

std::string SvgChart::mark_attributes(const MarkInfo& mark) const {
  std::string a = " class=\"mark " + xml_escape(mark.classes) + "\" data-chart=\"" + xml_escape(id_) + "\"";
  for (const auto& [name, value] : mark.data) a += " data-" + name + "=\"" + xml_escape(value) + "\"";
  return a;
}

void SvgChart::point(double x, double y, const std::string& colour, double radius, const MarkInfo& mark) {
  body_ += "<circle" + mark_attributes(mark) + " cx=\"" + px(x) + "\" cy=\"" + px(y) + "\" r=\"" + px(radius) +
           "\" fill=\"" + colour + "\"><title>" + xml_escape(mark.title) + "</title></circle>\n";
  ++marks_;
}

void SvgChart::bar(double x0, double y0, double x1, double y1, const std::string& colour, const MarkInfo& mark) {
  double left = std::min(x0, x1), w = std::max(std::abs(x1 - x0), 1.0);
  double top = std::min(y0, y1), h = std::max(std::abs(y1 - y0), 1.0);
  body_ += "<rect" + mark_attributes(mark) + " x=\"" + px(left) + "\" y=\"" + px(top) + "\" width=\"" + px(w) +
           "\" height=\"" + px(h) + "\" fill=\"" + colour + "\"><title>" + xml_escape(mark.title) + "</title></rect>\n";
  ++marks_;
}

void SvgChart::line(double x0, double y0, double x1, double y1, const std::string& css_class,
                    const std::string& label) {
  body_ += "<line class=\"" + css_class + "\" x1=\"" + px(x0) + "\" y1=\"" + px(y0) + "\" x2=\"" + px(x1) + "\" y2=\"" +
           px(y1) + "\"" + (label.empty() ? "/>\n" : "><title>" + xml_escape(label) + "</title></line>\n");
}

void SvgChart::polyline(const std::vector<std::pair<double, double>>& points, const std::string& css_class,
                        const std::string& tooltip) {
  std::string coords;
  for (const auto& [x, y] : points) coords += px(x) + "," + px(y) + " ";
  body_ += "<polyline class=\"" + css_class + "\" fill=\"none\" points=\"" + coords + "\"><title>" +
           xml_escape(tooltip) + "</title></polyline>\n";
}

void SvgChart::text(double x, double y, const std::string& content, const std::string& css_class,
                    const std::string& anchor) {
  body_ += "<text class=\"" + css_class + "\" x=\"" + px(x) + "\" y=\"" + px(y) + "\" text-anchor=\"" + anchor + "\">" +
           xml_escape(content) + "</text>\n";
}

void SvgChart::legend(const std::string& colour, const std::string& content) {
  const double y = plot_top() + 8 + 16 * legend_entries_++;
  const double x = plot_left() + 10;  // top left: above the bandwidth roof, where no point can be
  body_ += "<rect class=\"swatch\" x=\"" + px(x) + "\" y=\"" + px(y - 8) + "\" width=\"10\" height=\"10\" fill=\"" +
           colour + "\"/>\n";
  text(x + 15, y + 1, content, "legend");
}

std::string SvgChart::svg() const {
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" data-chart=\"" + xml_escape(id_) +
         "\" data-marks=\"" + std::to_string(marks_) + "\" width=\"" + px(width_) + "\" height=\"" + px(height_) +
         "\" viewBox=\"0 0 " + px(width_) + " " + px(height_) + "\">\n" + body_ + "</svg>\n";
}

}  // namespace cnnkit::bench

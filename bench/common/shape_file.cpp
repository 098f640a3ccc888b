#include "common/shape_file.hpp"

#include <sstream>

#include "cnnkit/error.hpp"
#include "cnnkit/geometry.hpp"

namespace cnnkit::bench {
namespace {

NhwcShape read_nhwc(ShapeFields& f) {
  return NhwcShape{f.positive("n"), f.positive("h"), f.positive("w"), f.positive("c")};
}

ConvLayer read_conv(ShapeFields& f) {
  ConvLayer l;
  l.x = read_nhwc(f);
  const std::int64_t k = f.positive("k");
  const auto [kh, kw] = f.size2("kernel");
  const auto [sh, sw] = f.size2_or("stride", {1, 1});
  const auto [dh, dw] = f.size2_or("dilation", {1, 1});
  const std::int64_t groups = f.positive_or("groups", 1);
  const PadSpec pad = f.padding_or("pad", PadSpec{});
  l.bias = f.flag_or("bias", true);
  if (l.x.c % groups != 0 || k % groups != 0)
    f.fail("groups", "a divisor of c = " + std::to_string(l.x.c) + " and k = " + std::to_string(k),
           std::to_string(groups));
  l.w = HwioShape{kh, kw, l.x.c / groups, k};
  l.params.stride_h = sh;
  l.params.stride_w = sw;
  l.params.dilation_h = dh;
  l.params.dilation_w = dw;
  l.params.groups = groups;
  l.params.pad = pad.same ? same_padding(l.x.h, l.x.w, kh, kw, sh, sw, dh, dw) : pad.sides;
  conv2d_output_shape(l.x, l.w, l.params);  // throws on impossible geometry
  return l;
}

std::vector<PoolLayer> read_pools(ShapeFields& f, std::vector<std::string>& modes) {
  PoolLayer l;
  l.x = read_nhwc(f);
  const auto [kh, kw] = f.size2("kernel");
  const auto [sh, sw] = f.size2_or("stride", {kh, kw});
  const PadSpec pad = f.padding_or("pad", PadSpec{});
  l.params.kernel_h = kh;
  l.params.kernel_w = kw;
  l.params.stride_h = sh;
  l.params.stride_w = sw;
  l.params.pad = pad.same ? same_padding(l.x.h, l.x.w, kh, kw, sh, sw) : pad.sides;
  l.params.ceil_mode = f.flag_or("ceil", false);
  l.params.count_include_pad = f.flag_or("include_pad", false);
  const std::string ties = f.text_or("ties", "first");
  if (ties != "first" && ties != "all") f.fail("ties", "first or all", ties);
  l.params.ties = ties == "first" ? TiePolicy::first : TiePolicy::all;

  const std::string mode_text = f.text("mode");
  std::vector<PoolLayer> out;
  std::stringstream list(mode_text);
  for (std::string mode; std::getline(list, mode, ',');) {
    if (mode != "max" && mode != "avg") f.fail("mode", "max, avg or max,avg", mode_text);
    l.params.mode = mode == "max" ? PoolMode::max : PoolMode::avg;
    pool2d_output_shape(l.x, l.params);  // throws on impossible geometry
    out.push_back(l);
    modes.push_back(mode);
  }
  if (out.empty()) f.fail("mode", "max, avg or max,avg", mode_text);
  return out;
}

EltwiseLayer read_eltwise(ShapeFields& f) { return EltwiseLayer{f.positive("count"), f.flag_or("inplace", false)}; }

PadLayer read_pad(ShapeFields& f) {
  PadLayer l;
  l.x = read_nhwc(f);
  const PadSpec pad = f.padding_or("pad", PadSpec{});
  if (pad.same) f.fail("pad", "explicit sides (same needs a kernel)", "same");
  l.pad = pad.sides;
  l.value = f.real_or("value", 0.0);
  return l;
}

DenseLayer read_dense(ShapeFields& f) {
  return DenseLayer{f.positive("m"), f.positive("n_in"), f.positive("n_out"), f.flag_or("bias", true)};
}

SoftmaxXentLayer read_softmax(ShapeFields& f) {
  SoftmaxXentLayer l;
  l.rows = f.positive("rows");
  l.classes = f.positive("classes");
  const std::string labels = f.text_or("labels", "rows");
  if (labels != "rows" && labels != "indices") f.fail("labels", "rows or indices", labels);
  l.index_labels = labels == "indices";
  l.want_grad = f.flag_or("grad", true);
  return l;
}

AdamLayer read_adam(ShapeFields& f) {
  AdamLayer l;
  l.count = f.positive("count");
  const std::string style = f.text_or("style", "pytorch");
  if (style != "pytorch" && style != "tf1") f.fail("style", "pytorch or tf1", style);
  l.params.style = style == "pytorch" ? AdamStyle::pytorch : AdamStyle::tensorflow1;
  l.params.step = f.positive_or("step", 10);
  l.params.weight_decay = f.real_or("weight_decay", 0.0);
  l.params.decoupled_weight_decay = f.flag_or("adamw", false);
  return l;
}

// One line -> one layer, or several for pool lines with mode=max,avg (named <name>.<mode>).
std::vector<Layer> read_line(const std::string& kind, ShapeFields& f, const std::string& file) {
  const std::string name = f.text("name");
  if (name.empty() || name.find_first_of("/ \t") != std::string::npos)
    f.fail("name", "a non-empty name without '/' or spaces", name);
  std::vector<Layer> out;
  auto add = [&](const std::string& n, LayerSpec spec) { out.push_back(Layer{n, file, f.source(), std::move(spec)}); };
  if (kind == "conv") {
    add(name, read_conv(f));
  } else if (kind == "pool") {
    std::vector<std::string> modes;
    const auto pools = read_pools(f, modes);
    for (std::size_t i = 0; i < pools.size(); ++i) add(pools.size() == 1 ? name : name + "." + modes[i], pools[i]);
  } else if (kind == "eltwise") {
    add(name, read_eltwise(f));
  } else if (kind == "pad") {
    add(name, read_pad(f));
  } else if (kind == "dense") {
    add(name, read_dense(f));
  } else if (kind == "softmax_xent") {
    add(name, read_softmax(f));
  } else if (kind == "adam") {
    add(name, read_adam(f));
  } else {
    f.fail("unknown line kind '" + kind + "'; expected conv, pool, eltwise, pad, dense, softmax_xent or adam");
  }
  f.finish(kind);
  return out;
}

}  // namespace

std::vector<Layer> parse_shape_file(std::string_view text, const std::string& file) {
  std::vector<Layer> layers;
  std::istringstream in{std::string(text)};
  int line_number = 0;
  for (std::string line; std::getline(in, line);) {
    ++line_number;
    if (const auto hash = line.find('#'); hash != std::string::npos) line.erase(hash);
    std::istringstream tokens(line);
    std::string kind;
    if (!(tokens >> kind)) continue;  // blank or comment-only
    const std::string source = file + ".txt:" + std::to_string(line_number);
    std::vector<std::pair<std::string, std::string>> fields;
    for (std::string token; tokens >> token;) {
      const auto eq = token.find('=');
      if (eq == std::string::npos || eq == 0) throw ShapeError(source + ": expected key=value, got '" + token + "'");
      fields.emplace_back(token.substr(0, eq), token.substr(eq + 1));
    }
    ShapeFields f(source, std::move(fields));
    try {
      for (auto& layer : read_line(kind, f, file)) layers.push_back(std::move(layer));
    } catch (const cnnkit::Error& e) {
      throw ShapeError(source + ": impossible geometry: " + e.what());
    }
  }
  return layers;
}

}  // namespace cnnkit::bench

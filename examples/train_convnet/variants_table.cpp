#include "variants_table.hpp"

#include <algorithm>
#include <cstdio>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <string_view>

namespace train_convnet {
namespace {

// The problem's size fields; the rest (stride, padding, Adam's hyper-parameters...) is left to
// the network description.
bool is_shape_field(std::string_view token) {
  const std::size_t eq = token.find('=');
  if (eq == std::string_view::npos) return false;
  const std::string_view key = token.substr(0, eq);
  for (std::string_view k : {"x", "w", "y", "dy", "m", "n_in", "n_out", "count", "rows", "classes", "kernel"})
    if (key == k) return true;
  return false;
}

std::string shape_of(const std::string& problem) {
  std::istringstream words(problem);
  std::string token, shape;
  while (words >> token)
    if (is_shape_field(token)) shape += (shape.empty() ? "" : " ") + token;
  return shape;
}

// The declined list "a (why), b (why, with commas)" split at the commas outside parentheses.
std::vector<std::string> split_declined(std::string_view list) {
  std::vector<std::string> entries;
  int depth = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (list[i] == '(') ++depth;
    if (list[i] == ')') --depth;
    if (depth == 0 && list.substr(i, 2) == ", ") {
      entries.emplace_back(list.substr(start, i - start));
      start = i + 2;
    }
  }
  if (start < list.size()) entries.emplace_back(list.substr(start));
  return entries;
}

// The "why" column: how the variant was chosen ("rule", "forced", "tuning cache", ...), the
// threads it ran on, and the variant just ahead of it in the registry with the reason it declined.
std::string why_of(std::string_view choice, std::string_view rest) {
  std::string why(choice);
  constexpr std::string_view declined_tag = "; declined: ", threads_tag = "; threads ";
  std::string_view declined;
  if (const std::size_t d = rest.find(declined_tag); d != std::string_view::npos) {
    declined = rest.substr(d + declined_tag.size());
    declined = declined.substr(0, std::min(declined.find(threads_tag), declined.rfind("; ")));
  }
  if (const std::size_t t = rest.find(threads_tag); t != std::string_view::npos) {
    std::string_view threads = rest.substr(t + 2);
    threads = threads.substr(0, threads.find("; "));
    why += ", " + std::string(threads);
  }
  if (!declined.empty()) why += "; next ahead: " + split_declined(declined).back();
  return why;
}

struct Capture {
  std::mutex mutex;  // the sink may be called from several threads
  std::vector<std::string> lines;
  bool echo = false;
};

void capture_line(const char* line, void* user_data) {
  auto* capture = static_cast<Capture*>(user_data);
  std::lock_guard<std::mutex> lock(capture->mutex);
  capture->lines.emplace_back(line);
  if (capture->echo) std::fprintf(stderr, "%s\n", line);
}

// Restores cnnkit's default sink (stderr) however the captured step ends.
struct SinkGuard {
  explicit SinkGuard(Capture& capture) { cnnkit::set_log_sink(capture_line, &capture); }
  ~SinkGuard() { cnnkit::set_log_sink(nullptr, nullptr); }
  SinkGuard(const SinkGuard&) = delete;
  SinkGuard& operator=(const SinkGuard&) = delete;
};

}  // namespace

LoggedCall parse_log_line(const std::string& line) {
  constexpr std::string_view prefix = "cnnkit: ";
  const std::string_view text(line);
  const std::size_t arrow = text.find(" -> ");
  const std::size_t open = text.find(" [", arrow == std::string_view::npos ? 0 : arrow);
  const std::size_t close = text.find(']', open == std::string_view::npos ? 0 : open);
  if (!text.starts_with(prefix) || arrow == std::string_view::npos || open == std::string_view::npos ||
      close == std::string_view::npos)
    throw std::runtime_error("not a dispatch log line: " + line);
  // "<op> <dtype> <problem...>"
  const std::string_view head = text.substr(prefix.size(), arrow - prefix.size());
  const std::size_t op_end = head.find(' ');
  const std::size_t dtype_end = head.find(' ', op_end + 1);
  LoggedCall call;
  call.op = std::string(head.substr(0, op_end));
  call.problem = dtype_end == std::string_view::npos ? std::string() : std::string(head.substr(dtype_end + 1));
  call.variant = std::string(text.substr(arrow + 4, open - arrow - 4));
  call.why = why_of(text.substr(open + 2, close - open - 2), text.substr(close + 1));
  return call;
}

std::vector<VariantRow> map_calls_to_layers(const std::vector<LoggedCall>& calls, const std::vector<LayerCall>& plan) {
  if (calls.size() != plan.size())
    throw std::runtime_error("the dispatch log shows " + std::to_string(calls.size()) + " op calls for one step, the "
                             "network makes " + std::to_string(plan.size()));
  std::vector<VariantRow> rows;
  for (std::size_t i = 0; i < calls.size(); ++i) {
    const std::string expected = cnnkit::to_string(plan[i].op);
    if (calls[i].op != expected)
      throw std::runtime_error("call " + std::to_string(i + 1) + " of the step is " + calls[i].op + ", the network's " +
                               plan[i].layer + " expects " + expected);
    rows.push_back({plan[i].pass, plan[i].layer, calls[i].op, shape_of(calls[i].problem), calls[i].variant,
                    calls[i].why});
  }
  return rows;
}

std::vector<VariantRow> capture_train_step_variants(const ConvNet& net, const float* x, const std::int64_t* labels,
                                                    std::int64_t n, const cnnkit::AdamParams& adam,
                                                    const cnnkit::Context& ctx, bool echo) {
  ConvNet scratch = net;  // the step updates the weights: keep the caller's network as it was
  cnnkit::Context logged = ctx;
  logged.set_verbose(true);
  Capture capture;
  capture.echo = echo;
  {
    const SinkGuard guard(capture);
    scratch.train_step(x, labels, n, adam, logged);
  }
  std::vector<LoggedCall> calls;
  for (const std::string& line : capture.lines)
    if (line.find(" -> ") != std::string::npos) calls.push_back(parse_log_line(line));  // skip tuning notes
  return map_calls_to_layers(calls, net.train_step_calls());
}

std::string format_variants_table(const std::vector<VariantRow>& rows) {
  std::vector<std::vector<std::string>> cells = {{"pass", "layer", "op", "shape", "variant", "why"}};
  for (const VariantRow& r : rows) cells.push_back({r.pass, r.layer, r.op, r.shape, r.variant, r.why});
  std::vector<std::size_t> width(cells.front().size(), 0);
  for (const auto& row : cells)
    for (std::size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], row[c].size());
  std::string text;
  for (const auto& row : cells) {
    std::string line;
    for (std::size_t c = 0; c < row.size(); ++c) {
      line += row[c];
      if (c + 1 < row.size()) line += std::string(width[c] - row[c].size(), ' ') + " | ";
    }
    text += line + "\n";
  }
  return text;
}

}  // namespace train_convnet

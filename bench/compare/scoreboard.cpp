#include "compare/scoreboard.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <utility>

namespace cnnkit::bench {
namespace {

bool counts(const Record& r) {
  return r.status == RunStatus::measured && r.check != Check::mismatch && std::isfinite(r.rate) && r.rate > 0;
}

bool cnnkit_counts_at(const Record& r, int threads) {
  return r.threads == threads || (r.serial && r.threads >= 1 && r.threads <= threads);
}

// Why an engine row does not count, for the scoreboard.
std::string not_counted_note(const Record& r) {
  if (r.status != RunStatus::measured) return std::string(to_string(r.status)) + (r.note.empty() ? "" : ": " + r.note);
  if (r.check == Check::mismatch) return "MISMATCH";
  return "no rate";
}

}  // namespace

CnnkitBest cnnkit_best(const std::vector<Record>& records, OpId op, const std::string& shape, int threads) {
  const Record* top = nullptr;
  for (const Record& r : records)
    if (r.op == op && r.shape == shape && r.side == Side::cnnkit && counts(r) && cnnkit_counts_at(r, threads) &&
        (!top || r.rate > top->rate))
      top = &r;
  if (!top) return {};
  return {top->rate, top->variant, top->reference};
}

std::vector<ScoreLine> scoreboard(const std::vector<Record>& records) {
  // The (op, shape) groups in first-appearance order.
  std::vector<std::pair<OpId, std::string>> groups;
  for (const Record& r : records)
    if (std::find(groups.begin(), groups.end(), std::pair(r.op, r.shape)) == groups.end())
      groups.emplace_back(r.op, r.shape);
  std::vector<ScoreLine> lines;
  for (const auto& [op, shape] : groups) {
    std::set<int> thread_counts;
    for (const Record& r : records)
      if (r.op == op && r.shape == shape && r.side == Side::competitor && r.threads >= 1)
        thread_counts.insert(r.threads);
    for (int t : thread_counts) {
      const CnnkitBest best = cnnkit_best(records, op, shape, t);
      for (const Record& r : records) {
        if (r.op != op || r.shape != shape || r.side != Side::competitor || r.threads != t) continue;
        ScoreLine line;
        line.op = op;
        line.shape = shape;
        line.threads = t;
        line.metric = r.work.metric;
        line.cnnkit = best;
        line.engine = r.engine;
        if (counts(r))
          line.engine_rate = r.rate;
        else
          line.engine_note = not_counted_note(r);
        line.ratio = best.rate / line.engine_rate;  // NaN when either side is missing
        lines.push_back(line);
      }
    }
  }
  return lines;
}

double geometric_mean(const std::vector<double>& values) {
  double log_sum = 0;
  int n = 0;
  for (double v : values)
    if (std::isfinite(v) && v > 0) {
      log_sum += std::log(v);
      ++n;
    }
  return n ? std::exp(log_sum / n) : NAN;
}

std::vector<Geomean> geomeans(const std::vector<ScoreLine>& lines) {
  std::vector<Geomean> out;
  std::vector<std::vector<double>> ratios;
  for (const ScoreLine& l : lines) {
    auto it = std::find_if(out.begin(), out.end(), [&](const Geomean& g) {
      return g.op == l.op && g.threads == l.threads && g.engine == l.engine;
    });
    if (it == out.end()) {
      out.push_back({l.op, l.threads, l.engine, NAN, 0, 0});
      ratios.emplace_back();
      it = out.end() - 1;
    }
    ++it->shapes;
    ratios[static_cast<std::size_t>(it - out.begin())].push_back(l.ratio);
  }
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i].geomean = geometric_mean(ratios[i]);
    out[i].ratios = static_cast<int>(
        std::count_if(ratios[i].begin(), ratios[i].end(), [](double v) { return std::isfinite(v) && v > 0; }));
  }
  // Ops in first appearance, then thread counts ascending; stable keeps the engines' order.
  std::vector<OpId> op_order;
  for (const Geomean& g : out)
    if (std::find(op_order.begin(), op_order.end(), g.op) == op_order.end()) op_order.push_back(g.op);
  const auto rank = [&](OpId op) { return std::find(op_order.begin(), op_order.end(), op) - op_order.begin(); };
  std::stable_sort(out.begin(), out.end(), [&](const Geomean& a, const Geomean& b) {
    return rank(a.op) != rank(b.op) ? rank(a.op) < rank(b.op) : a.threads < b.threads;
  });
  return out;
}

std::vector<std::string> reference_fallbacks(const std::vector<ScoreLine>& lines, OpId op, int threads) {
  std::vector<std::string> shapes;
  for (const ScoreLine& l : lines)
    if (l.op == op && l.threads == threads && l.cnnkit.reference &&
        std::find(shapes.begin(), shapes.end(), l.shape) == shapes.end())
      shapes.push_back(l.shape);
  return shapes;
}

}  // namespace cnnkit::bench

#include "compare/scoreboard.hpp"

#include <algorithm>
#include <cmath>
#include <set>

namespace cnnkit::bench {
namespace {

bool counts(const Record& r) {
  return r.status == RunStatus::measured && r.check != Check::mismatch && std::isfinite(r.rate) && r.rate > 0;
}

bool counts_at(const Record& r, int threads) {
  if (r.side == Side::cnnkit) return r.threads == threads || (r.serial && r.threads >= 1 && r.threads <= threads);
  return r.threads == threads;
}

// The best row of `side` at `threads` among the group's rows (null when none counts).
const Record* best(const std::vector<const Record*>& group, Side side, int threads) {
  const Record* top = nullptr;
  for (const Record* r : group)
    if (r->side == side && counts(*r) && counts_at(*r, threads) && (!top || r->rate > top->rate)) top = r;
  return top;
}

}  // namespace

std::vector<ScoreLine> scoreboard(const std::vector<Record>& records) {
  // The (op, shape) groups in first-appearance order.
  std::vector<std::vector<const Record*>> groups;
  for (const Record& r : records) {
    auto it = std::find_if(groups.begin(), groups.end(), [&](const auto& g) {
      return g.front()->op == r.op && g.front()->shape == r.shape;
    });
    if (it == groups.end())
      groups.push_back({&r});
    else
      it->push_back(&r);
  }
  std::vector<ScoreLine> lines;
  for (const auto& group : groups) {
    if (std::none_of(group.begin(), group.end(), [](const Record* r) { return r->side == Side::competitor; }))
      continue;
    std::set<int> thread_counts;
    for (const Record* r : group)
      if (r->threads >= 1) thread_counts.insert(r->threads);
    for (int t : thread_counts) {
      ScoreLine line;
      line.op = group.front()->op;
      line.shape = group.front()->shape;
      line.threads = t;
      line.metric = group.front()->work.metric;
      if (const Record* c = best(group, Side::cnnkit, t)) {
        line.cnnkit_rate = c->rate;
        line.cnnkit_row = c->variant;
      }
      if (const Record* e = best(group, Side::competitor, t)) {
        line.engine_rate = e->rate;
        line.engine = e->engine;
      }
      line.ratio = line.cnnkit_rate / line.engine_rate;  // NaN when either side is missing
      lines.push_back(line);
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

std::vector<OpGeomean> op_geomeans(const std::vector<ScoreLine>& lines) {
  std::vector<OpGeomean> out;
  std::vector<std::vector<double>> ratios;
  for (const ScoreLine& l : lines) {
    auto it = std::find_if(out.begin(), out.end(), [&](const OpGeomean& g) { return g.op == l.op; });
    if (it == out.end()) {
      out.push_back({l.op, NAN, 0});
      ratios.emplace_back();
      it = out.end() - 1;
    }
    std::vector<double>& mine = ratios[static_cast<std::size_t>(it - out.begin())];
    if (std::isfinite(l.ratio) && l.ratio > 0) mine.push_back(l.ratio);
  }
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i].geomean = geometric_mean(ratios[i]);
    out[i].ratios = static_cast<int>(ratios[i].size());
  }
  return out;
}

}  // namespace cnnkit::bench

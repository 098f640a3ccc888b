#include "compare/scoreboard.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>
#include <utility>

namespace cnnkit::bench {
namespace {

bool counts(const Record& r) {
  return r.status == RunStatus::measured && r.check != Check::mismatch && std::isfinite(r.rate) && r.rate > 0 &&
         std::isfinite(r.timing.median_s) && r.timing.median_s > 0;
}

bool forced_counts_at(const Record& r, int threads) {
  return r.threads == threads || (r.serial && r.threads >= 1 && r.threads <= threads);
}

// Why a row does not count, for the reports.
std::string not_counted_note(const Record& r) {
  if (r.status != RunStatus::measured) return std::string(to_string(r.status)) + (r.note.empty() ? "" : ": " + r.note);
  if (r.check == Check::mismatch) return "MISMATCH";
  return "no rate";
}

// Ranks in first-appearance order, for stable orderings of ops, shapes and labels.
template <class T>
std::size_t rank_of(std::vector<T>& seen, const T& v) {
  auto it = std::find(seen.begin(), seen.end(), v);
  if (it == seen.end()) {
    seen.push_back(v);
    return seen.size() - 1;
  }
  return static_cast<std::size_t>(it - seen.begin());
}

}  // namespace

ForcedBest best_forced(const std::vector<Record>& records, OpId op, const std::string& shape, int threads) {
  const Record* top = nullptr;
  for (const Record& r : records)
    if (r.op == op && r.shape == shape && r.kind == RowKind::forced && counts(r) && forced_counts_at(r, threads) &&
        (!top || r.timing.median_s < top->timing.median_s))
      top = &r;
  if (!top) return {};
  return {top->rate, top->timing.median_s, top->variant, top->reference};
}

std::vector<PlainLine> plain_lines(const std::vector<Record>& records) {
  std::vector<std::pair<OpId, std::string>> groups;
  std::vector<PlainLine> lines;
  std::vector<std::size_t> group;
  for (const Record& r : records) {
    if (r.kind != RowKind::plain) continue;
    PlainLine l;
    l.op = r.op;
    l.shape = r.shape;
    l.threads = r.threads;
    l.metric = r.work.metric;
    l.plain = r.variant;
    l.prepacked = r.prepacked;
    l.variant = r.ran_variant;
    l.runs_reference = r.ran_reference;
    if (counts(r)) {
      l.rate = r.rate;
      l.seconds = r.timing.median_s;
    } else {
      l.note = not_counted_note(r);
    }
    l.best = best_forced(records, r.op, r.shape, r.threads);
    l.regret = l.seconds / l.best.seconds;  // NaN when either is missing
    group.push_back(rank_of(groups, std::pair(r.op, r.shape)));
    lines.push_back(std::move(l));
  }
  // (op, shape) groups, then thread counts; within those the rows' order (settings, then forms).
  std::vector<std::size_t> order(lines.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return std::tie(group[a], lines[a].threads) < std::tie(group[b], lines[b].threads);
  });
  std::vector<PlainLine> sorted;
  for (std::size_t i : order) sorted.push_back(lines[i]);
  return sorted;
}

std::vector<ScoreLine> scoreboard(const std::vector<Record>& records) {
  std::vector<ScoreLine> out;
  for (const PlainLine& p : plain_lines(records))
    for (const Record& r : records) {
      if (r.kind != RowKind::engine || r.op != p.op || r.shape != p.shape || r.threads != p.threads) continue;
      ScoreLine line;
      line.plain = p;
      line.engine = r.engine;
      if (counts(r))
        line.engine_rate = r.rate;
      else
        line.engine_note = not_counted_note(r);
      line.ratio = p.rate / line.engine_rate;  // NaN when either side is missing
      out.push_back(std::move(line));
    }
  return out;
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

namespace {

// Ops in first appearance, then thread counts ascending; stable keeps the rest in first appearance.
template <class T>
void sort_by_op_then_threads(std::vector<T>& items) {
  std::vector<OpId> ops;
  for (const T& x : items) rank_of(ops, x.op);
  const auto rank = [&](OpId op) { return std::find(ops.begin(), ops.end(), op) - ops.begin(); };
  std::stable_sort(items.begin(), items.end(), [&](const T& a, const T& b) {
    return rank(a.op) != rank(b.op) ? rank(a.op) < rank(b.op) : a.threads < b.threads;
  });
}

bool positive(double v) { return std::isfinite(v) && v > 0; }

}  // namespace

std::vector<Geomean> geomeans(const std::vector<ScoreLine>& lines) {
  std::vector<Geomean> out;
  std::vector<std::vector<double>> ratios;
  for (const ScoreLine& l : lines) {
    auto it = std::find_if(out.begin(), out.end(), [&](const Geomean& g) {
      return g.op == l.plain.op && g.threads == l.plain.threads && g.plain == l.plain.plain && g.engine == l.engine;
    });
    if (it == out.end()) {
      out.push_back({l.plain.op, l.plain.threads, l.plain.plain, l.engine, NAN, 0, 0});
      ratios.emplace_back();
      it = out.end() - 1;
    }
    ++it->shapes;
    ratios[static_cast<std::size_t>(it - out.begin())].push_back(l.ratio);
  }
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i].geomean = geometric_mean(ratios[i]);
    out[i].ratios = static_cast<int>(std::count_if(ratios[i].begin(), ratios[i].end(), positive));
  }
  sort_by_op_then_threads(out);
  return out;
}

std::vector<RegretSummary> regret_summaries(const std::vector<PlainLine>& lines) {
  std::vector<RegretSummary> out;
  std::vector<std::vector<double>> regrets;
  for (const PlainLine& l : lines) {
    auto it = std::find_if(out.begin(), out.end(), [&](const RegretSummary& s) {
      return s.op == l.op && s.threads == l.threads && s.plain == l.plain;
    });
    if (it == out.end()) {
      RegretSummary s;
      s.op = l.op;
      s.threads = l.threads;
      s.plain = l.plain;
      out.push_back(s);
      regrets.emplace_back();
      it = out.end() - 1;
    }
    ++it->shapes;
    if (!positive(l.regret)) continue;
    regrets[static_cast<std::size_t>(it - out.begin())].push_back(l.regret);
    it->above += l.regret > kRegretThreshold;
    if (!(l.regret <= it->worst)) {  // also when worst is still NaN
      it->worst = l.regret;
      it->worst_shape = l.shape;
    }
  }
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i].geomean = geometric_mean(regrets[i]);
    out[i].regrets = static_cast<int>(regrets[i].size());
  }
  sort_by_op_then_threads(out);
  return out;
}

std::vector<std::string> reference_fallbacks(const std::vector<PlainLine>& lines, OpId op, int threads,
                                             const std::string& plain) {
  std::vector<std::string> shapes;
  for (const PlainLine& l : lines)
    if (l.op == op && l.threads == threads && l.plain == plain && l.runs_reference &&
        std::find(shapes.begin(), shapes.end(), l.shape) == shapes.end())
      shapes.push_back(l.shape);
  return shapes;
}

}  // namespace cnnkit::bench

// The comparison with the competitor engines: per (op, shape, thread count), cnnkit's best row
// against each engine's row from the same run, and per (op, thread count, engine) the geometric
// mean of those ratios. Ratio = cnnkit rate / engine rate (the inverse of the time ratio), so
// > 1 means cnnkit is faster.
//
// Which rows count at thread count T: on the cnnkit side, rows that ran on T threads and serial
// variants (they run on one thread, and a caller allowing T threads can still pick them); on the
// engine side, the engine's row on exactly T threads. Only measured rows whose output did not
// mismatch the reference count: a wrong fast answer is no answer.
#pragma once

#include <cmath>
#include <string>
#include <vector>

#include "compare/record.hpp"

namespace cnnkit::bench {

// cnnkit's best counting row of one (op, shape) at one thread count.
struct CnnkitBest {
  double rate = NAN;      // GFLOP/s or GB/s; NaN when no cnnkit row counts
  std::string row;        // its variant (or cnnkit-side engine) name; empty when none
  bool reference = false;  // it is the op's reference loop nest: no faster variant ran on the shape
};

// One engine at one thread count on one (op, shape).
struct ScoreLine {
  OpId op = OpId::pad;
  std::string shape;
  int threads = 1;
  Metric metric = Metric::bytes;
  CnnkitBest cnnkit;
  std::string engine;        // the engine's name
  double engine_rate = NAN;  // NaN when the engine's row did not count (declined, failed, mismatch)
  std::string engine_note;   // why not, when it did not count
  double ratio = NAN;        // cnnkit.rate / engine_rate
};

// cnnkit's best row among `records` of (op, shape) at `threads`.
CnnkitBest cnnkit_best(const std::vector<Record>& records, OpId op, const std::string& shape, int threads);

// A line for each competitor engine row (measured or not) of each (op, shape), in the records'
// order: (op, shape) groups in first appearance, then thread counts ascending, then engines in
// their rows' order.
std::vector<ScoreLine> scoreboard(const std::vector<Record>& records);

// The geometric mean of the finite positive values; NaN when there are none.
double geometric_mean(const std::vector<double>& values);

struct Geomean {
  OpId op = OpId::pad;
  int threads = 1;
  std::string engine;
  double geomean = NAN;  // of the finite ratios
  int ratios = 0;        // how many
  int shapes = 0;        // lines in all (some may have no ratio)
};

// One entry per (op, thread count, engine) that has score lines, in the lines' order of ops, then
// thread counts ascending, then engines in first appearance.
std::vector<Geomean> geomeans(const std::vector<ScoreLine>& lines);

// The shapes of `op` at `threads` whose best cnnkit row is the reference (no faster variant ran),
// each once, in the lines' order.
std::vector<std::string> reference_fallbacks(const std::vector<ScoreLine>& lines, OpId op, int threads);

}  // namespace cnnkit::bench

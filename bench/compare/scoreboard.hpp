// The comparison with the competitor engines: per (op, shape, thread count), the best cnnkit
// figure against the best engine figure from the same run, and per op the geometric mean of
// their ratios. cnnkit / engine, so > 1 means cnnkit is faster.
//
// Which rows count at thread count T: on the cnnkit side, rows that ran on T threads and serial
// variants (they run on one thread, and a caller allowing T threads can still pick them); on the
// engine side, rows that ran on exactly T threads. Only measured rows whose output did not
// mismatch the reference count: a wrong fast answer is no answer.
#pragma once

#include <cmath>
#include <string>
#include <vector>

#include "compare/record.hpp"

namespace cnnkit::bench {

struct ScoreLine {
  OpId op = OpId::pad;
  std::string shape;
  int threads = 1;
  Metric metric = Metric::bytes;
  double cnnkit_rate = NAN;  // GFLOP/s or GB/s; NaN when no cnnkit row counts
  std::string cnnkit_row;    // the best cnnkit row's variant
  double engine_rate = NAN;  // NaN when no engine row counts
  std::string engine;        // the best engine's name
  double ratio = NAN;        // cnnkit_rate / engine_rate
};

// A line for each thread count of each (op, shape) that has engine rows (measured or not), in
// the records' order, thread counts ascending.
std::vector<ScoreLine> scoreboard(const std::vector<Record>& records);

// The geometric mean of the finite positive values; NaN when there are none.
double geometric_mean(const std::vector<double>& values);

struct OpGeomean {
  OpId op = OpId::pad;
  double geomean = NAN;  // of the op's finite ratios
  int ratios = 0;        // how many
};

// One entry per op that has score lines, in the lines' order.
std::vector<OpGeomean> op_geomeans(const std::vector<ScoreLine>& lines);

}  // namespace cnnkit::bench

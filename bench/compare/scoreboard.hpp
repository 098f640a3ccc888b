// The headline comparison. Per (op, shape, thread count) and plain call (compare/plain_calls.hpp:
// the public call with default dispatch, as a user makes it; for conv2d_fwd and conv2d_bwd_data
// also the call on prepacked weights): the plain call against each engine's row from the same run, and against
// cnnkit's best forced variant (dispatch regret). Per (op, thread count, plain call): the
// geometric mean of the ratios per engine, and a summary of the regrets.
//
// Ratio = plain-call rate / engine rate (the inverse of the time ratio): > 1 means cnnkit is
// faster. Regret = plain-call time / best forced time: 1 when dispatch picks the fastest variant
// that ran, > 1 by what a wrong pick costs (the prepacked call can be < 1: the forced rows pack
// their weights inside the call).
//
// Which rows count at thread count T: plain rows and engine rows on exactly T threads; forced
// rows on T threads and serial forced variants, the reference included (they run on one thread,
// and a caller allowing T threads can still get one). Only measured rows whose output did not
// mismatch the reference count: a wrong fast answer is no answer.
#pragma once

#include <cmath>
#include <string>
#include <vector>

#include "compare/record.hpp"

namespace cnnkit::bench {

// Regrets above this count as a dispatch miss in the summaries (the target: <= 1.05 on
// 95% of the shapes).
inline constexpr double kRegretThreshold = 1.05;

// cnnkit's fastest counting forced row of one (op, shape) at one thread count.
struct ForcedBest {
  double rate = NAN;       // GFLOP/s or GB/s; NaN when no forced row counts
  double seconds = NAN;    // its median time per call
  std::string row;         // its variant name; empty when none
  bool reference = false;  // it is the op's reference loop nest
};

// One plain-call row of one (op, shape) at one thread count, with its regret.
struct PlainLine {
  OpId op = OpId::pad;
  std::string shape;
  int threads = 1;
  Metric metric = Metric::bytes;
  std::string plain;       // the plain call's label: "plain", "plain, prepacked"
  bool prepacked = false;  // weights packed before timing (the like-for-like comparison with the engines)
  std::string variant;     // the variant dispatch ran (empty when the call failed)
  bool runs_reference = false;
  double rate = NAN;     // NaN when the row does not count (failed, mismatch)
  double seconds = NAN;  // median time per call
  std::string note;      // why the row does not count
  ForcedBest best;       // the best forced row at the same thread count
  double regret = NAN;   // seconds / best.seconds; NaN when either is missing
};

// One engine at one thread count on one (op, shape), against one plain call.
struct ScoreLine {
  PlainLine plain;           // cnnkit's side: op, shape, threads, the plain call and its regret
  std::string engine;        // the engine's name
  double engine_rate = NAN;  // NaN when the engine's row did not count (declined, failed, mismatch)
  std::string engine_note;   // why not, when it did not count
  double ratio = NAN;        // plain.rate / engine_rate
};

// The best counting forced row among `records` of (op, shape) at `threads`.
ForcedBest best_forced(const std::vector<Record>& records, OpId op, const std::string& shape, int threads);

// A line per plain-call row (measured or not): (op, shape) groups in first appearance, then
// thread counts ascending, then the plain calls in their rows' order.
std::vector<PlainLine> plain_lines(const std::vector<Record>& records);

// A line per (plain line, competitor engine row on the same op, shape and thread count), in the
// plain lines' order, then the engines in their rows' order.
std::vector<ScoreLine> scoreboard(const std::vector<Record>& records);

// The geometric mean of the finite positive values; NaN when there are none.
double geometric_mean(const std::vector<double>& values);

struct Geomean {
  OpId op = OpId::pad;
  int threads = 1;
  std::string plain;  // the plain call's label
  std::string engine;
  double geomean = NAN;  // of the finite ratios
  int ratios = 0;        // how many
  int shapes = 0;        // lines in all (some may have no ratio)
};

// One entry per (op, thread count, plain call, engine) that has score lines, in the lines' order
// of ops, then thread counts ascending, then plain calls and engines in first appearance.
std::vector<Geomean> geomeans(const std::vector<ScoreLine>& lines);

// The dispatch regret of one plain call on one op at one thread count, over its shapes.
struct RegretSummary {
  OpId op = OpId::pad;
  int threads = 1;
  std::string plain;
  double geomean = NAN;  // of the finite regrets
  double worst = NAN;    // the largest
  std::string worst_shape;
  int above = 0;    // regrets > kRegretThreshold
  int regrets = 0;  // shapes with a regret (the plain call and a forced row counted)
  int shapes = 0;   // plain lines in all
};

// One entry per (op, thread count, plain call), in the order of geomeans().
std::vector<RegretSummary> regret_summaries(const std::vector<PlainLine>& lines);

// The shapes of (op, threads, plain call) on which the plain call ran the reference loop nest,
// each once, in the lines' order.
std::vector<std::string> reference_fallbacks(const std::vector<PlainLine>& lines, OpId op, int threads,
                                             const std::string& plain);

}  // namespace cnnkit::bench

// cnnkit-bench --contention: how each selected case holds up when another thread keeps one core
// busy. A spinner (busy_core.hpp) is pinned to the last CPU of the process's affinity mask while
// the case runs at the full thread count (every CPU of the mask), for cnnkit's plain call and each
// selected engine; the baseline is the same case at 1 thread with no spinner. Every sample is one
// call, so a call that waited for a descheduled thread (a whole scheduler slice, ~4 ms) shows as
// an outlier: the report gives the median and, to make stalls visible, the mean and the p90.
#pragma once

#include <string>
#include <vector>

#include "common/layer.hpp"
#include "compare/engine_selection.hpp"
#include "compare/options.hpp"

namespace cnnkit::bench {

// Seconds per call over single-call samples.
struct CallStats {
  double median_s = 0, mean_s = 0, p90_s = 0, max_s = 0;
  int samples = 0;
};

// From single-call samples (at least one).
CallStats call_stats(std::vector<double> samples);

struct ContentionRow {
  OpId op = OpId::conv2d_fwd;
  std::string shape;
  std::string engine;  // "cnnkit" (the plain call) or the engine's name
  std::string impl;    // what ran at the full thread count (cnnkit's variant, the engine's implementation)
  int threads = 1;     // the full thread count
  CallStats quiet_one, quiet_full, busy_full;
  std::string note;    // why the row has no times (an engine declined, a call failed)
  bool failed = false;
  // busy_full's median / quiet_one's median (NaN without times).
  double ratio() const;
};

struct ContentionResult {
  int threads = 1;        // the full thread count
  int busy_cpu = -1;      // where the spinner ran
  std::string pin_note;   // empty when the spinner was pinned
  std::vector<ContentionRow> rows;
};

ContentionResult run_contention(const Options& options, const std::vector<Layer>& layers,
                                const EngineSelection& engines);

// The table, then per engine the geometric mean and worst of the ratios.
std::string contention_report(const ContentionResult& result);

void write_contention_csv(const std::string& path, const ContentionResult& result);
void write_contention_json(const std::string& path, const ContentionResult& result);

// The whole command: measurements, report on stdout, files. Exit status 1 when a call failed.
int run_contention_command(const Options& options, const std::vector<Layer>& layers, const EngineSelection& engines);

}  // namespace cnnkit::bench

// Timing one case: medians over repetitions after a warm-up call, within a time budget, so the
// reference loop nests on the big layers (seconds per call) do not stretch a run to hours.
#pragma once

#include <cstdint>
#include <functional>

namespace cnnkit::bench {

struct TimingPolicy {
  double min_time_s = 0.25;      // repeat until this much time was measured...
  int min_reps = 3;              // ...and at least this many repetitions,
  int max_reps = 25;             // but never more than this many,
  double max_case_time_s = 2.5;  // and stop once the case (warm-up included) has used this much.
                                 // A warm-up call slower than this is the case's only sample.
  double min_rep_time_s = 1e-3;  // fast calls are batched so that one repetition lasts this long
};

struct Timing {
  double median_s = 0;  // per call
  double min_s = 0;
  double max_s = 0;
  int reps = 0;  // samples behind the median
  std::int64_t calls_per_rep = 1;
  bool warmup_only = false;  // the single sample is the warm-up call (it exceeded the budget)
  double total_s = 0;        // time spent in the case, warm-up included
};

// Times `call` (one op call). The caller has made the warm-up call already; `warmup_s` is how
// long it took.
Timing measure(const std::function<void()>& call, double warmup_s, const TimingPolicy& policy);

// Seconds of one call of `call`, on the steady clock.
double time_once(const std::function<void()>& call);

}  // namespace cnnkit::bench

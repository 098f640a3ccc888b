#include "common/timing.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <vector>

namespace cnnkit::bench {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

double time_calls(const std::function<void()>& call, std::int64_t calls) {
  const auto start = Clock::now();
  for (std::int64_t i = 0; i < calls; ++i) call();
  return seconds_since(start);
}

double median_of(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

}  // namespace

double time_once(const std::function<void()>& call) { return time_calls(call, 1); }

Timing measure(const std::function<void()>& call, double warmup_s, const TimingPolicy& policy) {
  Timing t;
  if (warmup_s >= policy.max_case_time_s) {
    t.median_s = t.min_s = t.max_s = warmup_s;
    t.reps = 1;
    t.warmup_only = true;
    t.total_s = warmup_s;
    return t;
  }
  const auto start = Clock::now();
  auto used = [&] { return warmup_s + seconds_since(start); };

  // Calibrate: grow the batch until one repetition lasts min_rep_time_s (untimed result).
  std::int64_t calls = 1;
  double rep_s = warmup_s;
  while (rep_s < policy.min_rep_time_s && used() < policy.max_case_time_s) {
    const double grow = rep_s > 0 ? 1.5 * policy.min_rep_time_s / rep_s : 10.0;
    calls = std::max<std::int64_t>(
        calls + 1, static_cast<std::int64_t>(std::ceil(static_cast<double>(calls) * std::min(grow, 100.0))));
    rep_s = time_calls(call, calls);
  }

  std::vector<double> samples;
  double measured = 0;
  while (true) {
    const double s = time_calls(call, calls);
    measured += s;
    samples.push_back(s / static_cast<double>(calls));
    const int reps = static_cast<int>(samples.size());
    if (reps >= policy.max_reps) break;
    if (reps >= policy.min_reps && measured >= policy.min_time_s) break;
    if (used() + s > policy.max_case_time_s) break;  // the next repetition would overrun the budget
  }
  t.median_s = median_of(samples);
  t.min_s = *std::min_element(samples.begin(), samples.end());
  t.max_s = *std::max_element(samples.begin(), samples.end());
  t.reps = static_cast<int>(samples.size());
  t.calls_per_rep = calls;
  t.total_s = used();
  return t;
}

}  // namespace cnnkit::bench

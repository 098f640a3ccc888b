// Autotuning's measuring path (cnnkit/tuning.hpp): for an unforced call under Tuning::measure,
// use the cached winner for the call's key, or, on the first call for the key, time every
// candidate on the call's own buffers (on copies where outputs alias inputs), cache the fastest
// and leave its result in the outputs.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstring>
#include <exception>
#include <limits>
#include <sstream>
#include <string>
#include <tuple>
#include <type_traits>
#include <vector>

#include "cnnkit/context.hpp"
#include "core/registry.hpp"
#include "core/select_variant.hpp"
#include "core/threading.hpp"
#include "core/tuning_cache.hpp"
#include "core/tuning_key.hpp"
#include "core/tuning_memo.hpp"
#include "core/verbose_log.hpp"

namespace cnnkit::core {

// A candidate must beat the rules' choice by more than this to replace it: closer times are
// noise, and keeping the rules' choice keeps the rules' bits.
inline constexpr double kTuningMargin = 1.03;
// The reference joins the candidates only when the rules chose it, or another candidate ran faster
// than this: on large problems it takes seconds, on tiny ones its lack of setup can win.
inline constexpr double kReferenceJoinsBelowSeconds = 100e-6;
// Repetitions are batched to at least this long, so the clock's resolution does not decide.
inline constexpr double kMinSampleSeconds = 50e-6;

// The buffers of a call whose outputs alias its inputs (Op::tuning_copy_elements(problem) > 0:
// in-place ReLU, Adam's param/m/v), copied so that candidates can run again and again without
// changing what the caller passed in. Equal pointers share one copy, so aliasing is kept.
template <class T>
class TuningCopies {
 public:
  explicit TuningCopies(std::int64_t elements) : elements_(static_cast<std::size_t>(elements)) {}

  template <class A>
  A substitute(A arg) {
    if constexpr (std::is_pointer_v<A> && std::is_same_v<std::remove_cv_t<std::remove_pointer_t<A>>, T>) {
      if (!arg) return arg;
      for (Copy& c : copies_)
        if (c.original == arg) return c.data.data();
      copies_.push_back(Copy{arg, std::vector<T>(arg, arg + elements_)});
      return copies_.back().data.data();  // moving a vector later keeps its buffer
    } else {
      return arg;
    }
  }

  // Every copy back to the caller's values, before each timed run (untimed).
  void restore() {
    for (Copy& c : copies_) std::copy(c.original, c.original + elements_, c.data.begin());
  }

 private:
  struct Copy {
    const T* original;
    std::vector<T> data;
  };
  std::size_t elements_;
  std::vector<Copy> copies_;
};

template <class Op>
std::int64_t tuning_copy_elements(const typename Op::Problem& problem) {
  if constexpr (requires { Op::tuning_copy_elements(problem); })
    return Op::tuning_copy_elements(problem);
  else
    return 0;
}

// The rules' path: the first entry that can run (or the forced one). `choice` goes to the log.
template <class Op, class T, class... Args>
void run_by_rule(std::span<const Variant<Op, T>> list, const typename Op::Problem& problem, const Context& ctx,
                 const Exec& exec, std::string_view choice, Args... args) {
  if (!ctx.verbose()) {
    const auto& v = select_variant<Op, T>(list, problem, ctx, exec, nullptr);
    record_last_variant(Op::id, v.name);
    v.run(problem, args..., exec);
    return;
  }
  std::vector<Declined> declined;
  const auto& v = select_variant<Op, T>(list, problem, ctx, exec, &declined);
  record_last_variant(Op::id, v.name);
  begin_team_note();
  const auto start = std::chrono::steady_clock::now();
  v.run(problem, args..., exec);
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  const bool forced = !ctx.forced_variant(Op::id).empty();
  log_call(Op::id, dtype_of<T>(), problem.describe(), v.name, forced ? std::string_view("forced") : choice,
           declined, elapsed.count());
}

// A cached winner's run (the tuned choice runs like a forced one: tuned_exec), logged as such.
template <class Op, class T, class... Args>
void run_cached(const Variant<Op, T>& v, const typename Op::Problem& problem, const Context& ctx,
                const Exec& tuned_exec, Args... args) {
  record_last_variant(Op::id, v.name);
  if (!ctx.verbose()) return v.run(problem, args..., tuned_exec);
  begin_team_note();
  const auto start = std::chrono::steady_clock::now();
  v.run(problem, args..., tuned_exec);
  log_call(Op::id, dtype_of<T>(), problem.describe(), v.name, "tuning cache", {},
           std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
}

struct CandidateTime {
  const char* name;
  double seconds;  // per call: the fastest sample, or the warm-up when it was hopeless
  const char* failed = nullptr;  // the error a candidate threw (it is then out of the running)
};

// Times one candidate: a warm-up call (first-touch of its scratch, caches), then up to five
// batched samples, the fastest kept. A warm-up slower than 4x the best so far ends it there.
template <class Call>
CandidateTime time_candidate(const char* name, Call&& call, double best_so_far) {
  using clock = std::chrono::steady_clock;
  CandidateTime result{name, std::numeric_limits<double>::infinity()};
  try {
    auto start = clock::now();
    call();
    const double warm = std::chrono::duration<double>(clock::now() - start).count();
    if (warm > 4 * best_so_far) {
      result.seconds = warm;
      return result;
    }
    const int batch = std::clamp(static_cast<int>(kMinSampleSeconds / std::max(warm, 1e-9)), 1, 256);
    const int samples = warm > 20e-3 ? 2 : 5;
    for (int s = 0; s < samples; ++s) {
      start = clock::now();
      for (int b = 0; b < batch; ++b) call();
      result.seconds = std::min(result.seconds, std::chrono::duration<double>(clock::now() - start).count() / batch);
    }
  } catch (const std::exception&) {
    result.failed = "threw";
    result.seconds = std::numeric_limits<double>::infinity();
  }
  return result;
}

template <class Op, class T, class... Args>
void run_tuned(std::span<const Variant<Op, T>> list, const typename Op::Problem& problem, const Context& ctx,
               const Exec& exec, Args... args) {
  using V = Variant<Op, T>;
  // A tuned choice is run like a forced one: it declines only what it cannot compute.
  const Exec tuned_exec{exec.policy, exec.num_threads, true};
  TuningCache& cache = tuning_cache();
  // Read before the lookup: should the cache change meanwhile, the memo entry is merely stale.
  const std::uint64_t generation = cache.generation();
  MemoKey memo{};
  bool memo_usable = false;
  if constexpr (requires(KeyFields& f) { problem.tuning_fields(f); }) {
    memo = memo_key(Op::id, dtype_of<T>(), ctx, exec);
    problem.tuning_fields(memo.fields);
    memo_usable = memo.fields.usable();
    if (memo_usable)
      if (const void* hit = memo_find(memo, generation))
        return run_cached<Op, T>(*static_cast<const V*>(hit), problem, ctx, tuned_exec, args...);
  }
  const std::string key = tuning_key(Op::id, dtype_of<T>(), ctx, exec, problem_tuning_key(problem));
  const char* cached = nullptr;
  const TuningCache::Lookup lookup = cache.find_or_claim(key, &cached);
  if (lookup == TuningCache::Lookup::busy)
    return run_by_rule<Op, T>(list, problem, ctx, exec, "rule; another thread is tuning this key", args...);
  if (lookup == TuningCache::Lookup::hit) {
    for (const V& v : list) {
      if (std::strcmp(v.name, cached) != 0 || !why_not(v, problem, ctx, tuned_exec).empty()) continue;
      if (memo_usable) memo_store(memo, &v, generation);
      return run_cached<Op, T>(v, problem, ctx, tuned_exec, args...);
    }
    // Only a hand-edited file can name a variant that cannot run the key's problem.
    return run_by_rule<Op, T>(list, problem, ctx, exec, "rule; the cached choice cannot run here", args...);
  }

  // This thread owns the key's measurement: store a winner or give the claim back.
  const V* winner = nullptr;
  double winner_seconds = 0;
  std::vector<CandidateTime> times;
  try {
    const V& rule_choice = select_variant<Op, T>(list, problem, ctx, exec, nullptr);
    const std::int64_t copy_elements = tuning_copy_elements<Op>(problem);
    TuningCopies<T> copies(copy_elements);
    const auto call_args = std::make_tuple((copy_elements > 0 ? copies.substitute(args) : args)...);
    const V* last_run = nullptr;
    double best = std::numeric_limits<double>::infinity();
    auto measure = [&](const V& v) {
      auto call = [&] {
        if (copy_elements > 0) copies.restore();
        std::apply([&](auto... a) { v.run(problem, a..., tuned_exec); }, call_args);
      };
      last_run = &v;
      times.push_back(time_candidate(v.name, call, best));
      best = std::min(best, times.back().seconds);
    };
    const V& reference = list.back();  // the registry's convention: the reference is last
    for (const V& v : list)
      if (&v != &reference && why_not(v, problem, ctx, tuned_exec).empty()) measure(v);
    if (best < kReferenceJoinsBelowSeconds || times.empty() || &rule_choice == &reference) measure(reference);

    double rule_seconds = std::numeric_limits<double>::infinity();
    for (const CandidateTime& t : times) {
      if (t.name == rule_choice.name) rule_seconds = t.seconds;
      if (!winner || t.seconds < winner_seconds)
        for (const V& v : list)
          if (v.name == t.name) winner = &v, winner_seconds = t.seconds;
    }
    if (winner && rule_seconds <= kTuningMargin * winner_seconds) winner = &rule_choice, winner_seconds = rule_seconds;
    if (!winner || !(winner_seconds < std::numeric_limits<double>::infinity())) {
      cache.abandon(key);  // every candidate threw: the rules' path reports the error
      return run_by_rule<Op, T>(list, problem, ctx, exec, "rule; every tuning candidate failed", args...);
    }
    cache.store(key, winner->name, winner_seconds);
    // The caller's outputs must hold the winner's result (and in-place calls were timed on copies).
    if (copy_elements > 0 || last_run != winner) winner->run(problem, args..., tuned_exec);
  } catch (...) {
    cache.abandon(key);
    throw;
  }
  record_last_variant(Op::id, winner->name);
  if (ctx.verbose()) {
    std::ostringstream choice;
    choice << "tuned now:";
    for (std::size_t i = 0; i < times.size(); ++i)
      choice << (i ? ", " : " ") << times[i].name << " "
             << (times[i].failed ? std::string("failed") : std::to_string(times[i].seconds * 1e3) + " ms");
    begin_team_note();  // the candidates' teams are not the winner's
    log_call(Op::id, dtype_of<T>(), problem.describe(), winner->name, choice.str(), {}, winner_seconds);
  }
}

}  // namespace cnnkit::core

#include "core/late_thread_governor.hpp"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <limits>

namespace cnnkit::core {
namespace {

struct RuntimeState {
  std::atomic<int> cap{0};
  std::atomic<std::int64_t> probe_at_ns{0};
  std::atomic<std::int64_t> backoff_ns{0};
  std::atomic<std::int64_t> last_late_ns{0};
  std::atomic<std::int64_t> late_calls{0};
};

// Relaxed atomics throughout: the state is advice about the next call's team size, and two calls
// racing on it at worst probe twice or keep a cap one call longer.
RuntimeState& state(Threading kind) {
  static RuntimeState states[2];
  return states[kind == Threading::tbb ? 1 : 0];
}

}  // namespace

bool governor_enabled() {
  static const bool enabled = [] {
    const char* value = std::getenv("CNNKIT_LATE_THREADS");
    return !(value && std::strcmp(value, "wait") == 0);
  }();
  return enabled;
}

int governed_team(Threading kind, int requested) {
  if (!governor_enabled()) return requested;
  RuntimeState& s = state(kind);
  const int cap = s.cap.load(std::memory_order_relaxed);
  if (cap == 0 || requested <= cap) return requested;
  const std::int64_t now = wall_now_ns();
  std::int64_t at = s.probe_at_ns.load(std::memory_order_relaxed);
  // One call claims the probe; the others keep the cap until its report arrives.
  if (now >= at && s.probe_at_ns.compare_exchange_strong(at, now + s.backoff_ns.load(std::memory_order_relaxed),
                                                         std::memory_order_relaxed))
    return requested;
  return cap;
}

void report_team_call(Threading kind, std::int64_t call_start_ns, std::span<const PartRecord> parts) {
  if (!governor_enabled() || parts.size() < 2) return;
  std::int64_t first_done = std::numeric_limits<std::int64_t>::max();
  for (const PartRecord& p : parts)
    if (p.ran && p.chunks > 0) first_done = std::min(first_done, p.end_ns);
  if (first_done == std::numeric_limits<std::int64_t>::max()) return;

  int late = 0;
  std::int64_t worst = 0;
  for (const PartRecord& p : parts) {
    // The calling thread is never "late": a smaller team would not help it.
    if (!p.ran || p.on_caller) continue;
    const std::int64_t wall = p.end_ns - p.start_ns;
    const std::int64_t held = (p.start_ns - call_start_ns) + std::max<std::int64_t>(0, wall - p.cpu_ns);
    const std::int64_t over = p.end_ns - first_done;
    if (over > kLateNs && held > kLateNs) {
      ++late;
      worst = std::max(worst, over);
    }
  }

  RuntimeState& s = state(kind);
  const int team = static_cast<int>(parts.size());
  const int cap = s.cap.load(std::memory_order_relaxed);
  const bool probe = cap != 0 && team > cap;
  if (late == 0) {
    if (probe) {  // the full team was on time again: lift the cap
      s.cap.store(0, std::memory_order_relaxed);
      s.backoff_ns.store(0, std::memory_order_relaxed);
    }
    return;
  }
  s.late_calls.fetch_add(1, std::memory_order_relaxed);
  s.last_late_ns.store(worst, std::memory_order_relaxed);
  const int on_time = std::max(1, team - late);
  const std::int64_t backoff = s.backoff_ns.load(std::memory_order_relaxed);
  const std::int64_t next_backoff = probe && backoff > 0 ? std::min(kMaxBackoffNs, 2 * backoff) : kFirstBackoffNs;
  s.cap.store(cap == 0 ? on_time : std::min(cap, on_time), std::memory_order_relaxed);
  s.backoff_ns.store(next_backoff, std::memory_order_relaxed);
  s.probe_at_ns.store(wall_now_ns() + next_backoff, std::memory_order_relaxed);
}

GovernorState governor_state(Threading kind) {
  RuntimeState& s = state(kind);
  return {s.cap.load(std::memory_order_relaxed), s.backoff_ns.load(std::memory_order_relaxed),
          s.last_late_ns.load(std::memory_order_relaxed), s.late_calls.load(std::memory_order_relaxed)};
}

void reset_governor() {
  for (Threading kind : {Threading::openmp, Threading::tbb}) {
    RuntimeState& s = state(kind);
    s.cap.store(0, std::memory_order_relaxed);
    s.probe_at_ns.store(0, std::memory_order_relaxed);
    s.backoff_ns.store(0, std::memory_order_relaxed);
  }
}

}  // namespace cnnkit::core

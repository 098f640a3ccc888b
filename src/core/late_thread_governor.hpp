// What to do about threads the operating system does not run. With the dynamic schedule a thread
// that runs takes the chunks of one that does not, but a thread descheduled in the middle of a
// chunk still holds its chunk, and an OpenMP region ends only when every team thread reaches its
// closing barrier: on a machine where another process keeps a core busy, such a call waits a
// whole scheduler slice (4 ms on the brief's Zen 2 machines) for work worth microseconds.
//
// The governor watches every threaded call (the part records of chunk_claims.hpp). A part is
// *late* when it finished more than kLateNs after the first part that ran out of chunks, and
// the thread lost more than kLateNs to the scheduler (started late, or got less CPU time than
// wall time). A call with late parts caps the runtime's team at the threads that were on time;
// later calls run with at most that many. After a back-off (kFirstBackoffNs, doubling while
// probes keep finding late threads, up to kMaxBackoffNs) one call probes the full team again, and
// a probe without late parts lifts the cap. On a quiet machine no part is ever late and nothing
// changes. The team never affects results (chunks are disjoint; see threading.hpp).
//
// CNNKIT_LATE_THREADS=wait switches the governor off (every call gets the threads it asks for).
#pragma once

#include <cstdint>
#include <span>

#include "cnnkit/dispatch.hpp"
#include "core/chunk_claims.hpp"

namespace cnnkit::core {

inline constexpr std::int64_t kLateNs = 500'000;            // 0.5 ms: far above a wake-up, below a slice
inline constexpr std::int64_t kFirstBackoffNs = 50'000'000;  // 50 ms
inline constexpr std::int64_t kMaxBackoffNs = 1'000'000'000;  // 1 s: a late probe (one slice) then costs <= 0.4-0.8%

// The team a call of `kind` that wants `requested` threads (>= 2) runs with now.
int governed_team(Threading kind, int requested);

// Reports one threaded call: its start and the records of its `parts.size()` parts.
void report_team_call(Threading kind, std::int64_t call_start_ns, std::span<const PartRecord> parts);

// The governor's current state for a runtime (for the thread plan query and tests).
struct GovernorState {
  int cap = 0;                     // most threads a call may use now; 0 = no cap
  std::int64_t backoff_ns = 0;     // wait before the next probe of the full team
  std::int64_t last_late_ns = 0;   // how long the last late part held its call up
  std::int64_t late_calls = 0;     // calls with late parts since the process started
};
GovernorState governor_state(Threading kind);

// Clears both runtimes' caps and back-offs (tests).
void reset_governor();

// Whether the governor acts (false under CNNKIT_LATE_THREADS=wait).
bool governor_enabled();

}  // namespace cnnkit::core

// The dynamic schedule and the late-thread governor: chunks are handed out as chunk_count cuts
// them, a running thread takes the chunks of a delayed one, and a call held up by a delayed
// worker caps the runtime's team until a probe finds the team on time again.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "cnnkit/cnnkit.hpp"
#include "core/chunk_claims.hpp"
#include "core/late_thread_governor.hpp"
#include "core/threading.hpp"
#include "threading_test_support.hpp"

namespace cnnkit::test {
namespace {

const Threading kRuntimes[] = {Threading::openmp, Threading::tbb};

// Clears the governor and the hook around each test, so no test sees another's cap.
class LateThreads : public ::testing::Test {
 protected:
  void SetUp() override { core::reset_governor(); }
  void TearDown() override {
    core::set_chunk_hook(nullptr);
    core::reset_governor();
  }
};

TEST_F(LateThreads, ChunksAreTheSharesChunkCountCuts) {
  for (Threading kind : kRuntimes)
    for (int threads : {2, 3, 7})
      for (std::int64_t count : {2, 5, 29, 1000}) {
        std::mutex mutex;
        std::set<std::pair<std::int64_t, std::int64_t>> ranges;
        core::reset_governor();  // a busy machine may have shrunk the team in the previous call
        core::parallel_for(kind, threads, count, [&](std::int64_t b, std::int64_t e) {
          std::lock_guard<std::mutex> lock(mutex);
          ranges.insert({b, e});
        });
        const std::int64_t chunks = core::chunk_count(count, threads, 1);
        ASSERT_EQ(static_cast<std::int64_t>(ranges.size()), chunks) << count << " items, " << threads << " threads";
        std::int64_t c = 0;
        for (const auto& [b, e] : ranges) {
          EXPECT_EQ(b, core::share_begin(count, chunks, c));
          EXPECT_EQ(e, core::share_begin(count, chunks, c + 1));
          ++c;
        }
      }
}

TEST_F(LateThreads, ChunkCountHonoursThreadsAndGrain) {
  EXPECT_EQ(core::chunk_count(0, 4, 1), 0);
  EXPECT_EQ(core::chunk_count(3, 4, 1), 3);                            // fewer items than chunks
  EXPECT_EQ(core::chunk_count(1000, 4, 1), 4 * core::kChunksPerThread);  // per-thread cap
  EXPECT_EQ(core::chunk_count(32, 4, 1), 32);  // up to twice the cap: one item per chunk
  EXPECT_EQ(core::chunk_count(33, 4, 1), 16);
  EXPECT_EQ(core::chunk_count(32, 4, 4), 8);   // the grain still holds
  EXPECT_EQ(core::chunk_count(1000, 4, 200), 5);                       // at least `grain` items each
  EXPECT_EQ(core::chunk_count(100, 4, 1000), 1);                       // grain above the count: one chunk
}

// The worker's first chunk: the caller waits (in its own first chunk) until the worker has
// claimed one, then the worker sleeps `delay` holding it. Everything else is the caller's.
struct DelayedWorker {
  static inline std::atomic<bool> worker_claimed{false};
  static inline std::atomic<int> delay_ms{0};
  static void hook(int, bool on_caller, std::int64_t) {
    if (on_caller) {
      const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
      while (!worker_claimed.load() && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
    } else if (!worker_claimed.exchange(true)) {
      std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms.load()));
    }
  }
};

TEST_F(LateThreads, ARunningThreadTakesTheChunksOfADelayedOneAndTheTeamShrinks) {
  for (Threading kind : kRuntimes) {
    SCOPED_TRACE(to_string(kind));
    core::reset_governor();
    DelayedWorker::worker_claimed = false;
    DelayedWorker::delay_ms = 30;
    core::set_chunk_hook(&DelayedWorker::hook);
    const std::thread::id caller = std::this_thread::get_id();
    std::atomic<int> caller_chunks{0}, worker_chunks{0};
    Coverage coverage(64);
    core::parallel_for(kind, 2, 64, [&](std::int64_t b, std::int64_t e) {
      coverage.visit(b, e);
      (std::this_thread::get_id() == caller ? caller_chunks : worker_chunks).fetch_add(1);
    });
    core::set_chunk_hook(nullptr);
    EXPECT_EQ(coverage.problem(), "");
    ASSERT_TRUE(DelayedWorker::worker_claimed.load()) << "the worker never claimed a chunk within 10 s";
    const int chunks = static_cast<int>(core::chunk_count(64, 2, 1));
    EXPECT_EQ(worker_chunks.load(), 1) << "the delayed worker should have run only the chunk it held";
    EXPECT_EQ(caller_chunks.load(), chunks - 1);

    // That call was held up 30 ms by the worker: the governor caps the team at the caller alone,
    // so the next call runs inline (one body call, on the caller).
    const core::GovernorState s = core::governor_state(kind);
    EXPECT_EQ(s.cap, 1);
    EXPECT_GT(s.last_late_ns, core::kLateNs);
    EXPECT_EQ(s.backoff_ns, core::kFirstBackoffNs);
    std::vector<std::thread::id> ran_on;
    std::mutex mutex;
    core::parallel_for(kind, 2, 64, [&](std::int64_t, std::int64_t) {
      std::lock_guard<std::mutex> lock(mutex);
      ran_on.push_back(std::this_thread::get_id());
    });
    EXPECT_EQ(ran_on, std::vector<std::thread::id>{caller});

    // After the back-off one call probes the full team; on time, it lifts the cap.
    std::this_thread::sleep_for(std::chrono::nanoseconds(core::kFirstBackoffNs) + std::chrono::milliseconds(5));
    EXPECT_EQ(core::governed_team(kind, 2), 2) << "the probe";
    EXPECT_EQ(core::governed_team(kind, 2), 1) << "only one call probes";
  }
}

// Synthetic records: what counts as late, and what does not.
core::PartRecord part(std::int64_t start, std::int64_t end, std::int64_t cpu, std::int64_t chunks, bool caller) {
  core::PartRecord p;
  p.start_ns = start, p.end_ns = end, p.cpu_ns = cpu, p.chunks = chunks, p.on_caller = caller, p.ran = true;
  return p;
}

constexpr std::int64_t ms = 1'000'000;

TEST_F(LateThreads, OnlyAWorkerTheSchedulerHeldUpIsLate) {
  const Threading kind = Threading::openmp;
  // A worker with a long chunk that ran the whole time (CPU time = wall time) is not late.
  const core::PartRecord busy[] = {part(0, 1 * ms, 1 * ms, 3, true), part(0, 5 * ms, 5 * ms, 1, false)};
  core::report_team_call(kind, 0, busy);
  EXPECT_EQ(core::governor_state(kind).cap, 0);
  // A caller descheduled for 4 ms is not the workers' fault: no cap.
  const core::PartRecord caller_late[] = {part(0, 5 * ms, 1 * ms, 3, true), part(0, 1 * ms, 1 * ms, 5, false)};
  core::report_team_call(kind, 0, caller_late);
  EXPECT_EQ(core::governor_state(kind).cap, 0);
  // A worker within kLateNs of the first to finish is on time, however it was delayed.
  const core::PartRecord close[] = {part(0, 1 * ms, 1 * ms, 3, true), part(0, 1 * ms + 400'000, 100'000, 1, false)};
  core::report_team_call(kind, 0, close);
  EXPECT_EQ(core::governor_state(kind).cap, 0);
  // Three workers of a team of 4, one of them started 4 ms late: cap 3.
  const core::PartRecord one_late[] = {part(0, 1 * ms, 1 * ms, 3, true), part(0, 1 * ms, 1 * ms, 3, false),
                                       part(4 * ms, 5 * ms, 1 * ms, 1, false), part(0, 1 * ms, 1 * ms, 3, false)};
  core::report_team_call(kind, 0, one_late);
  EXPECT_EQ(core::governor_state(kind).cap, 3);
  EXPECT_EQ(core::governed_team(kind, 4), 3);
  EXPECT_EQ(core::governed_team(kind, 2), 2) << "a smaller request is below the cap";
  EXPECT_EQ(core::governor_state(Threading::tbb).cap, 0) << "each runtime has its own cap";
}

TEST_F(LateThreads, ALateProbeDoublesTheBackoff) {
  const Threading kind = Threading::tbb;
  const core::PartRecord late[] = {part(0, 1 * ms, 1 * ms, 7, true), part(0, 5 * ms, 1 * ms, 1, false)};
  core::report_team_call(kind, 0, late);
  EXPECT_EQ(core::governor_state(kind).cap, 1);
  EXPECT_EQ(core::governor_state(kind).backoff_ns, core::kFirstBackoffNs);
  // The probe (a team above the cap) is late again: the cap stays and the back-off doubles.
  core::report_team_call(kind, 0, late);
  EXPECT_EQ(core::governor_state(kind).cap, 1);
  EXPECT_EQ(core::governor_state(kind).backoff_ns, 2 * core::kFirstBackoffNs);
  // A probe on time lifts it.
  const core::PartRecord on_time[] = {part(0, 1 * ms, 1 * ms, 4, true), part(0, 1 * ms, 1 * ms, 4, false)};
  core::report_team_call(kind, 0, on_time);
  EXPECT_EQ(core::governor_state(kind).cap, 0);
  EXPECT_EQ(core::governor_state(kind).backoff_ns, 0);
}

void capture(const char* line, void* lines) { static_cast<std::vector<std::string>*>(lines)->push_back(line); }

// The verbose log says how many threads ran, and when the governor shrank the team.
TEST_F(LateThreads, TheVerboseLogShowsTheTeamAndTheCap) {
  std::vector<float> x(1 << 16, -1.0f), y(x.size());
  Context ctx;
  ctx.set_verbose(true).set_threading(ThreadingPolicy::openmp).set_num_threads(2);
  ctx.force_variant(OpId::relu_fwd, std::string("relu_fwd.simd.") + to_string(detected_isa() >= Isa::avx512 ? Isa::avx512 : detected_isa() >= Isa::avx2_fma ? Isa::avx2_fma : Isa::sse4_2) + ".omp");
  std::vector<std::string> lines;
  set_log_sink(&capture, &lines);
  relu_forward<float>(VectorView<const float>{x.data(), static_cast<std::int64_t>(x.size())},
                      VectorView<float>{y.data(), static_cast<std::int64_t>(y.size())}, ctx);
  const core::PartRecord late[] = {part(0, 1 * ms, 1 * ms, 7, true), part(0, 5 * ms, 1 * ms, 1, false)};
  core::report_team_call(Threading::openmp, 0, late);
  relu_forward<float>(VectorView<const float>{x.data(), static_cast<std::int64_t>(x.size())},
                      VectorView<float>{y.data(), static_cast<std::int64_t>(y.size())}, ctx);
  set_log_sink(nullptr, nullptr);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_NE(lines[0].find("; threads 2;"), std::string::npos) << lines[0];
  EXPECT_NE(lines[1].find("; threads 2 asked, 1 used (late-thread cap: a worker held a call up 4.0 ms)"),
            std::string::npos)
      << lines[1];
  EXPECT_EQ(y[0], 0.0f);
}

}  // namespace
}  // namespace cnnkit::test

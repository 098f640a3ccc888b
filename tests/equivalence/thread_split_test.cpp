// The thread splits of the non-conv ops (pad, pool2d, relu, dense, softmax_xent, adam): every
// threaded registry entry has a split function, and what it reports is what its driver runs.
// Each threaded entry is forced at 7 threads on a spread of the op's equivalence cases while a
// chunk hook counts the chunks parallel_for hands out; the chunk count
// core::chunk_count(split.items, 7, split.grain) must be that of one of the call's parallel_for
// calls (dense blocked makes two: the B packing, then the tiles the split describes).
#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <set>
#include <string>
#include <vector>

#include "all_harnesses.hpp"
#include "core/chunk_claims.hpp"
#include "core/late_thread_governor.hpp"
#include "core/threading.hpp"
#include "equivalence_driver.hpp"

namespace cnnkit::test::equiv {
namespace {

constexpr int kThreads = 7;
// chunk_count never exceeds twice kChunksPerThread per thread (few items stay one chunk each):
// every index fits.
constexpr std::size_t kMaxChunks = static_cast<std::size_t>(2 * kThreads * core::kChunksPerThread);
// Cases tried per op: spread over the sweep, so small and large ones are both among them.
constexpr std::size_t kCasesPerOp = 12;

std::array<std::atomic<int>, kMaxChunks + 1> g_hits;  // how often each chunk index ran (the last: beyond)

void count_chunk(int, bool, std::int64_t chunk) {
  g_hits[static_cast<std::size_t>(std::min<std::int64_t>(chunk, kMaxChunks))].fetch_add(1, std::memory_order_relaxed);
}

// The chunk counts of the parallel_for calls that ran with a team: a call of c chunks claims
// indices 0..c-1 once each, so the hits drop by one at each call's count.
std::multiset<std::int64_t> call_chunk_counts() {
  std::multiset<std::int64_t> counts;
  for (std::size_t i = 0; i < kMaxChunks; ++i) {
    const int here = g_hits[i].load(), next = g_hits[i + 1].load();
    for (int k = next; k < here; ++k) counts.insert(static_cast<std::int64_t>(i + 1));
  }
  return counts;
}

bool is_conv(OpId op) { return std::string(to_string(op)).rfind("conv2d", 0) == 0; }

template <class Op, class T>
void check_op_splits() {
  if (is_conv(Op::id)) return;
  const auto list = core::variants_of<Op, T>();
  // The large sweep too: the standard one's problems are mostly too small for more than one chunk.
  auto cases = Harness<Op>::cases(Sweep::standard);
  for (auto& c : Harness<Op>::cases(Sweep::large)) cases.push_back(std::move(c));
  for (const auto& v : list) {
    if (v.threading == Threading::serial) continue;
    SCOPED_TRACE(v.name);
    ASSERT_NE(v.split, nullptr) << "threaded entry without a split function";
    if (static_cast<int>(v.isa) > static_cast<int>(detected_isa())) continue;
    const core::Exec exec{ThreadingPolicy::automatic, kThreads, true};
    // Cases the entry takes, those its split cuts into several chunks first (their calls prove
    // something), spread over the sweep; one inline case after them.
    std::vector<std::size_t> team, inline_only;
    for (std::size_t ci = 0; ci < cases.size(); ++ci) {
      if (v.declines && v.declines(cases[ci].problem, exec)) continue;
      const core::ThreadSplit split = v.split(cases[ci].problem, exec, false);
      (core::chunk_count(split.items, kThreads, split.grain) > 1 ? team : inline_only).push_back(ci);
    }
    std::vector<std::size_t> order;
    const std::size_t step = std::max<std::size_t>(1, team.size() / kCasesPerOp);
    for (std::size_t i = 0; i < team.size() && order.size() < kCasesPerOp; i += step) order.push_back(team[i]);
    if (!inline_only.empty()) order.push_back(inline_only.front());
    EXPECT_FALSE(team.empty()) << "no case splits into several chunks: the check proves little";
    std::size_t ran = 0;
    for (const std::size_t ci : order) {
      const auto& c = cases[ci];
      SCOPED_TRACE(c.name);
      const core::ThreadSplit split = v.split(c.problem, exec, true);
      EXPECT_GE(split.grain, 1);
      EXPECT_FALSE(split.unit.empty());
      if (!split.item_work.empty()) {
        EXPECT_EQ(static_cast<std::int64_t>(split.item_work.size()), split.items);
      }
      RandomFill rng(ci);
      const Instance<T> inst = Harness<Op>::template make<T>(c, rng);
      for (auto& h : g_hits) h.store(0);
      core::reset_governor();  // a late call on this loaded machine must not shrink the team to one
      const std::int64_t late_before = core::governor_state(v.threading).late_calls;
      core::set_chunk_hook(&count_chunk);
      detail::run_once<Op, T>(v.run, c, inst, exec);
      core::set_chunk_hook(nullptr);
      // A late thread in a driver's first call may cap the team of its next one (dense blocked):
      // then that call's chunks are not the split's to check.
      if (core::governor_state(v.threading).late_calls != late_before) continue;
      ++ran;
      const std::int64_t chunks = core::chunk_count(split.items, kThreads, split.grain);
      const std::multiset<std::int64_t> calls = call_chunk_counts();
      if (chunks > 1)
        EXPECT_GE(calls.count(chunks), 1u) << "the split says " << split.items << " items of grain " << split.grain
                                           << " (" << chunks << " chunks); the driver's calls ran "
                                           << ::testing::PrintToString(calls) << " chunks";
      else
        EXPECT_TRUE(calls.empty() || std::string(v.name).find(".blocked") != std::string::npos)
            << "one chunk runs inline, but the driver handed out " << ::testing::PrintToString(calls);
    }
    EXPECT_GT(ran, 0) << "no case ran the entry: the check proves nothing";
  }
}

TEST(ThreadSplit, EveryThreadedNonConvEntryReportsWhatItsDriverRuns) {
  core::for_each_op([](auto traits) {
    using Op = decltype(traits);
    check_op_splits<Op, float>();
    check_op_splits<Op, double>();
  });
}

}  // namespace
}  // namespace cnnkit::test::equiv

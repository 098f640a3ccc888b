// core::parallel_for on OpenMP and oneTBB: every index exactly once, at most one body call per
// chunk, inline execution where it must be, and no change to global OpenMP state.
#include <gtest/gtest.h>
#include <omp.h>

#include <set>
#include <thread>

#include "core/threading.hpp"
#include "threading_test_support.hpp"

namespace cnnkit::test {
namespace {

const Threading kRuntimes[] = {Threading::openmp, Threading::tbb};
const int kThreadCounts[] = {1, 2, 3, 7};
const std::int64_t kCounts[] = {0, 1, 2, 5, 7, 100, 1001};

TEST(ParallelFor, EveryIndexExactlyOnceOnBothRuntimes) {
  for (Threading kind : kRuntimes)
    for (int threads : kThreadCounts)
      for (std::int64_t count : kCounts) {
        SCOPED_TRACE(std::string(to_string(kind)) + ", " + std::to_string(threads) + " threads, count " +
                     std::to_string(count));
        Coverage coverage(count);
        core::parallel_for(kind, threads, count, [&](std::int64_t b, std::int64_t e) {
          EXPECT_LT(b, e) << "empty range passed to the body";
          coverage.visit(b, e);
        });
        EXPECT_EQ(coverage.problem(), "");
        // One body call per chunk of the dynamic schedule (one call when it runs inline).
        EXPECT_LE(coverage.calls(), std::max<std::int64_t>(1, core::chunk_count(count, threads, 1)));
        if (count == 0) {
          EXPECT_EQ(coverage.calls(), 0);
        }
      }
}

TEST(ParallelFor, RunsInlineForSerialOneThreadOrOneItem) {
  const std::thread::id caller = std::this_thread::get_id();
  const struct {
    Threading kind;
    int threads;
    std::int64_t count;
  } rows[] = {{Threading::serial, 7, 100}, {Threading::openmp, 1, 100}, {Threading::tbb, 1, 100},
              {Threading::openmp, 7, 1},   {Threading::tbb, 0, 100}};
  for (const auto& row : rows) {
    int calls = 0;
    std::thread::id ran_on;
    core::parallel_for(row.kind, row.threads, row.count, [&](std::int64_t b, std::int64_t e) {
      ++calls;
      ran_on = std::this_thread::get_id();
      EXPECT_EQ(b, 0);
      EXPECT_EQ(e, row.count);
    });
    EXPECT_EQ(calls, 1) << to_string(row.kind) << " " << row.threads;
    EXPECT_EQ(ran_on, caller) << to_string(row.kind) << " " << row.threads;
  }
}

TEST(ParallelFor, LeavesOpenMpGlobalStateUnchanged) {
  const int max_threads = omp_get_max_threads();
  const int dynamic = omp_get_dynamic();
  for (Threading kind : kRuntimes)
    for (int threads : kThreadCounts) {
      Coverage coverage(50);
      core::parallel_for(kind, threads, 50, [&](std::int64_t b, std::int64_t e) { coverage.visit(b, e); });
      EXPECT_EQ(omp_get_max_threads(), max_threads) << to_string(kind) << " " << threads;
      EXPECT_EQ(omp_get_dynamic(), dynamic);
    }
}

TEST(ResolveNumThreads, ExplicitCountOrTheRuntimeDefault) {
  EXPECT_EQ(core::resolve_num_threads(Threading::serial, core::Exec{ThreadingPolicy::automatic, 8}), 1);
  EXPECT_EQ(core::resolve_num_threads(Threading::openmp, core::Exec{ThreadingPolicy::openmp, 3}), 3);
  EXPECT_EQ(core::resolve_num_threads(Threading::tbb, core::Exec{ThreadingPolicy::tbb, 7}), 7);
  EXPECT_EQ(core::resolve_num_threads(Threading::openmp, core::Exec{ThreadingPolicy::openmp, 0}),
            std::max(1, omp_get_max_threads()));
  EXPECT_GE(core::resolve_num_threads(Threading::tbb, core::Exec{ThreadingPolicy::tbb, 0}), 1);
}

}  // namespace
}  // namespace cnnkit::test

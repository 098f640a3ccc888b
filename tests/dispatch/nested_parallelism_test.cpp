// parallel_for called from inside an outer OpenMP parallel region or a oneTBB task: it must
// finish (no deadlock) and still visit every index exactly once, on either runtime.
#include <gtest/gtest.h>
#include <omp.h>
#include <tbb/parallel_for.h>

#include <atomic>
#include <memory>
#include <vector>

#include "core/threading.hpp"
#include "threading_test_support.hpp"

namespace cnnkit::test {
namespace {

constexpr int kDeadlineSeconds = 120;
constexpr std::int64_t kCount = 97;
const Threading kRuntimes[] = {Threading::openmp, Threading::tbb};

// Each outer worker gets its own coverage record per runtime; returns all of them.
using Records = std::vector<std::unique_ptr<Coverage>>;

Records make_records(int n) {
  Records r;
  for (int i = 0; i < n; ++i) r.push_back(std::make_unique<Coverage>(kCount));
  return r;
}

void inner_calls(Coverage& openmp_record, Coverage& tbb_record, int threads) {
  core::parallel_for(Threading::openmp, threads, kCount, [&](std::int64_t b, std::int64_t e) { openmp_record.visit(b, e); });
  core::parallel_for(Threading::tbb, threads, kCount, [&](std::int64_t b, std::int64_t e) { tbb_record.visit(b, e); });
}

TEST(NestedParallelism, InsideAnOpenMpParallelRegion) {
  const int max_threads = omp_get_max_threads();
  for (int threads : {2, 3, 7}) {
    constexpr int kOuter = 3;
    Records omp_records = make_records(kOuter), tbb_records = make_records(kOuter);
    run_with_deadline(kDeadlineSeconds, [&] {
#pragma omp parallel num_threads(kOuter)
      {
        // A team may be smaller than asked; each member covers the outer indices it owns.
        for (int i = omp_get_thread_num(); i < kOuter; i += omp_get_num_threads())
          inner_calls(*omp_records[static_cast<std::size_t>(i)], *tbb_records[static_cast<std::size_t>(i)], threads);
      }
    });
    for (int i = 0; i < kOuter; ++i) {
      EXPECT_EQ(omp_records[static_cast<std::size_t>(i)]->problem(), "") << "openmp inner, outer " << i;
      EXPECT_EQ(tbb_records[static_cast<std::size_t>(i)]->problem(), "") << "tbb inner, outer " << i;
    }
  }
  EXPECT_EQ(omp_get_max_threads(), max_threads);
}

TEST(NestedParallelism, InsideATbbParallelForTask) {
  const int max_threads = omp_get_max_threads();
  for (int threads : {2, 3, 7}) {
    constexpr int kOuter = 6;
    Records omp_records = make_records(kOuter), tbb_records = make_records(kOuter);
    // TBB hands tasks to its workers inside uninstrumented libtbb, which ThreadSanitizer cannot
    // see; this release/acquire pair orders the records' construction before the tasks, and the
    // tasks' work before the checks below, visibly to it.
    std::atomic<int> published{0}, finished{0};
    published.store(1, std::memory_order_release);
    run_with_deadline(kDeadlineSeconds, [&] {
      tbb::parallel_for(0, kOuter, [&](int i) {
        EXPECT_EQ(published.load(std::memory_order_acquire), 1);
        inner_calls(*omp_records[static_cast<std::size_t>(i)], *tbb_records[static_cast<std::size_t>(i)], threads);
        finished.fetch_add(1, std::memory_order_acq_rel);
      });
    });
    ASSERT_EQ(finished.load(std::memory_order_acquire), kOuter);
    for (int i = 0; i < kOuter; ++i) {
      EXPECT_EQ(omp_records[static_cast<std::size_t>(i)]->problem(), "") << "openmp inner, outer " << i;
      EXPECT_EQ(tbb_records[static_cast<std::size_t>(i)]->problem(), "") << "tbb inner, outer " << i;
    }
  }
  EXPECT_EQ(omp_get_max_threads(), max_threads);
}

TEST(NestedParallelism, ParallelForInsideParallelForOfTheSameRuntime) {
  for (Threading kind : kRuntimes) {
    constexpr std::int64_t kOuter = 5;
    Records records = make_records(static_cast<int>(kOuter));
    run_with_deadline(kDeadlineSeconds, [&] {
      core::parallel_for(kind, 3, kOuter, [&](std::int64_t b, std::int64_t e) {
        for (std::int64_t i = b; i < e; ++i) {
          Coverage& record = *records[static_cast<std::size_t>(i)];
          core::parallel_for(kind, 3, kCount, [&](std::int64_t ib, std::int64_t ie) { record.visit(ib, ie); });
        }
      });
    });
    for (std::int64_t i = 0; i < kOuter; ++i)
      EXPECT_EQ(records[static_cast<std::size_t>(i)]->problem(), "") << to_string(kind) << ", outer " << i;
  }
}

}  // namespace
}  // namespace cnnkit::test

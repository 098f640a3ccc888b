// cnnkit-bench --thread-plan's rows and files, and --contention's statistics, without timing.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "common/shape_file.hpp"
#include "compare/busy_core.hpp"
#include "compare/contention.hpp"
#include "compare/thread_plan_report.hpp"

namespace cnnkit::bench {
namespace {

std::vector<Layer> layers() {
  return parse_shape_file(
      "conv name=c n=32 h=56 w=56 c=64 k=64 kernel=3x3 pad=1\n"
      "pool name=p n=1 h=260 w=260 c=64 mode=max kernel=2x2\n"
      "dense name=d m=8 n_in=16 n_out=4\n"
      "eltwise name=e count=1000\n",
      "test");
}

TEST(ThreadPlanReport, PlanProblemsCarryTheLayersFields) {
  const auto ls = layers();
  const PlanProblem conv = plan_problem(ls[0]);
  EXPECT_EQ(conv.x.n, 32);
  EXPECT_EQ(conv.w.c_out, 64);
  EXPECT_EQ(conv.conv.pad.top, 1);
  EXPECT_TRUE(conv.bias);
  EXPECT_EQ(plan_problem(ls[1]).pool.kernel_h, 2);
  const PlanProblem dense = plan_problem(ls[2]);
  EXPECT_EQ(dense.batch, 8);
  EXPECT_EQ(dense.in_features, 16);
  EXPECT_EQ(dense.out_features, 4);
  EXPECT_EQ(plan_problem(ls[3]).count, 1000);
}

TEST(ThreadPlanReport, OneRowPerCaseOpAndThreadCount) {
  Options o;
  o.ops = {"conv2d_fwd", "^pool2d_fwd$", "relu_fwd"};  // regexes: not pool2d_fwd_indices
  o.thread_plan = {16, 64};
  const auto rows = thread_plan_rows(o, layers());
  ASSERT_EQ(rows.size(), 6u);  // (c, conv2d_fwd), (p, pool2d_fwd) and (e, relu_fwd) at 16 and 64
  EXPECT_EQ(rows[0].shape, "c");
  EXPECT_EQ(rows[0].op, OpId::conv2d_fwd);
  EXPECT_EQ(rows[0].threads, 16);
  EXPECT_EQ(rows[1].threads, 64);
  EXPECT_EQ(rows[2].shape, "p");
  EXPECT_EQ(rows[2].op, OpId::pool2d_fwd);
  EXPECT_EQ(rows[4].op, OpId::relu_fwd);
  EXPECT_EQ(rows[5].threads, 64);
  for (const auto& r : rows) {
    EXPECT_EQ(r.error, "");
    EXPECT_EQ(r.plan.thread_work.size(), static_cast<std::size_t>(r.threads));
  }
  if (detected_isa() != Isa::scalar) {
    // pool2d_fwd.simd's split (tests/dispatch/thread_plan_test.cpp): 130 output rows, whole at 16
    // threads (130 >= 8 x 16), each cut in ceil(8 x 64 / 130) = 4 column parts at 64 threads.
    EXPECT_EQ(rows[2].plan.tiles, 130);
    EXPECT_EQ(rows[2].plan.chunks, 64);
    EXPECT_EQ(rows[2].plan.team, 16);
    EXPECT_DOUBLE_EQ(rows[2].plan.load_balance, 130.0 / 16 / 9);
    EXPECT_EQ(rows[3].plan.tiles, 520);
    EXPECT_EQ(rows[3].plan.chunks, 256);
    EXPECT_EQ(rows[3].plan.team, 64);
    // conv2d_fwd's 32 images give every one of 16 threads tiles, however they are cut.
    EXPECT_GE(rows[0].plan.tiles, 16);
    EXPECT_EQ(rows[0].plan.team, 16);
  }
  const std::string table = thread_plan_table(rows);
  EXPECT_NE(table.find("balance"), std::string::npos);
  EXPECT_NE(table.find("pool2d_fwd"), std::string::npos);
  EXPECT_NE(table.find("16 threads: "), std::string::npos);
  EXPECT_NE(table.find("64 threads: "), std::string::npos);
}

TEST(ThreadPlanReport, CsvAndJsonHoldEveryRow) {
  Options o;
  o.ops = {"conv2d_fwd"};
  o.thread_plan = {2, 16, 32};
  const auto rows = thread_plan_rows(o, layers());
  const std::string csv = ::testing::TempDir() + "thread_plan_test.csv";
  const std::string json = ::testing::TempDir() + "thread_plan_test.json";
  write_thread_plan_csv(csv, rows);
  write_thread_plan_json(json, rows, o);
  std::ifstream in(csv);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line.rfind("shape,op,threads,variant,threading,team,tiles,grain,chunks,unit,", 0), 0u) << line;
  int lines = 0;
  while (std::getline(in, line)) {
    EXPECT_EQ(line.rfind("c,conv2d_fwd,", 0), 0u) << line;
    ++lines;
  }
  EXPECT_EQ(lines, 3);
  std::stringstream text;
  text << std::ifstream(json).rdbuf();
  EXPECT_NE(text.str().find("\"thread_plans\": ["), std::string::npos);
  EXPECT_NE(text.str().find("\"threads\": 32"), std::string::npos);
  EXPECT_NE(text.str().find("\"load_balance\": "), std::string::npos);
  std::remove(csv.c_str());
  std::remove(json.c_str());
}

TEST(Contention, CallStatsMedianMeanAndP90) {
  // Nine quick calls and one that waited a scheduler slice: the median stays, mean and p90 show it.
  std::vector<double> s(9, 1e-4);
  s.push_back(4e-3);
  const CallStats st = call_stats(s);
  EXPECT_EQ(st.samples, 10);
  EXPECT_DOUBLE_EQ(st.median_s, 1e-4);
  EXPECT_DOUBLE_EQ(st.mean_s, (9 * 1e-4 + 4e-3) / 10);
  EXPECT_DOUBLE_EQ(st.p90_s, 1e-4);  // nearest rank: the 9th of 10
  EXPECT_DOUBLE_EQ(st.max_s, 4e-3);
  s.push_back(4e-3);
  EXPECT_DOUBLE_EQ(call_stats(s).p90_s, 4e-3);  // the 10th of 11
  EXPECT_DOUBLE_EQ(call_stats({3.0, 1.0, 2.0, 4.0}).median_s, 2.5);
  EXPECT_EQ(call_stats({}).samples, 0);
}

TEST(Contention, RatioIsBusyMedianOverQuietOneThreadMedian) {
  ContentionRow r;
  EXPECT_TRUE(std::isnan(r.ratio()));
  r.quiet_one = call_stats({2e-3});
  r.busy_full = call_stats({3e-3, 5e-3, 1e-3});
  EXPECT_DOUBLE_EQ(r.ratio(), 1.5);
}

TEST(Contention, TheBusyCoreIsPinnedToTheLastAllowedCpu) {
  EXPECT_GE(allowed_cpu_count(), 1);
  const int cpu = last_allowed_cpu();
  ASSERT_GE(cpu, 0);
  const BusyCore busy(cpu);
  EXPECT_EQ(busy.pin_problem(), "");
}

}  // namespace
}  // namespace cnnkit::bench

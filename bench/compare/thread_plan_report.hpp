// cnnkit-bench --thread-plan 16,32,64: no timing; for every selected case (--shapes, --ops,
// --dtype, --max-isa) and every listed thread count, the thread plan of the variant dispatch
// would pick (cnnkit::thread_plan): team, tiles, chunks, what one tile is, and the expected
// load balance (mean / max work per thread). Plans can be asked for any thread count on any
// machine, so a 2-core machine shows how the splits fare on 16-64 cores.
#pragma once

#include <string>
#include <vector>

#include "cnnkit/thread_plan.hpp"
#include "common/layer.hpp"
#include "compare/options.hpp"

namespace cnnkit::bench {

struct ThreadPlanRow {
  std::string shape;  // the layer's name
  OpId op = OpId::conv2d_fwd;
  int threads = 1;
  ThreadPlan plan;
  std::string error;  // the query's error, when it failed (the plan is then empty)
};

// The op call's data-free problem for one layer (every op the layer feeds reads its fields).
PlanProblem plan_problem(const Layer& layer);

// One row per (layer, op of the layer kept by --ops, thread count of --thread-plan), in layer order.
std::vector<ThreadPlanRow> thread_plan_rows(const Options& options, const std::vector<Layer>& layers);

// The table, then per thread count how many plans balance below 90%.
std::string thread_plan_table(const std::vector<ThreadPlanRow>& rows);

void write_thread_plan_csv(const std::string& path, const std::vector<ThreadPlanRow>& rows);
void write_thread_plan_json(const std::string& path, const std::vector<ThreadPlanRow>& rows, const Options& options);

// The whole command: rows, table on stdout, files. Returns the exit status (1 if a query failed).
int run_thread_plan_command(const Options& options, const std::vector<Layer>& layers);

}  // namespace cnnkit::bench

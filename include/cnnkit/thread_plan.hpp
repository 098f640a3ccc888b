// Thread plans: how an op's threaded variant would cut a problem across a number of threads, and
// how evenly the work would land, without running it (any thread count, on any machine). The
// plan comes from the same split function the variant's driver calls (src/core/thread_split.hpp)
// and the same dynamic schedule core::parallel_for runs (chunk_count, then threads claiming
// chunks in order), simulated with each tile's cost.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cnnkit/context.hpp"
#include "cnnkit/dispatch.hpp"
#include "cnnkit/export.hpp"
#include "cnnkit/params.hpp"
#include "cnnkit/tensor.hpp"

namespace cnnkit {

// One op call's shapes and parameters, without data. Fill the fields the op reads:
//   pad                      x, pad
//   conv2d_fwd               x, w, conv, bias        (x = the input)
//   conv2d_bwd_data          x, w, conv              (x = dx's shape)
//   conv2d_bwd_weights/_bias x, w, conv              (x = the forward input; bias: w gives c_out)
//   pool2d_* (all four)      x, pool                 (x = the forward input)
//   relu_fwd / relu_bwd      count
//   dense_*                  batch, in_features, out_features, bias
//   softmax_xent             batch, in_features      (in_features = classes)
//   adam                     count
struct PlanProblem {
  NhwcShape x{};
  HwioShape w{};
  Conv2dParams conv{};
  Pool2dParams pool{};
  Padding pad{};
  bool bias = false;
  std::int64_t batch = 0, in_features = 0, out_features = 0;
  std::int64_t count = 0;
};

struct ThreadPlan {
  std::string variant;                   // what dispatch picks at this thread count (or the forced one)
  Threading threading = Threading::serial;
  int threads = 1;                       // threads asked for
  int team = 1;                          // threads the variant starts: min(threads, chunks); 1 if serial
  std::string unit;                      // what one tile is ("image x band of 4 output rows x group")
  std::int64_t tiles = 1;                // the split's items
  std::int64_t grain = 1;                // the fewest tiles per chunk
  std::int64_t chunks = 1;               // what the dynamic schedule hands out
  double tile_work_min = 0, tile_work_max = 0;  // relative cost of the cheapest and dearest tile
  double chunk_work = 0;                 // fixed cost each chunk pays first (a warm-up), same unit
  std::vector<double> thread_work;       // expected work of each of the `threads` threads
  double load_balance = 1.0;             // mean / max of thread_work (1 = perfect; idle threads count)
  std::string note;                      // serial plans: why the threaded entries declined
};

// The plan for `op` (dtype) on `problem` at `threads` threads (>= 1) under ctx's settings (ISA cap,
// threading policy, forced variants; its thread count is replaced by `threads`). Errors name the
// PlanProblem field that is wrong, as the op call would.
CNNKIT_API ThreadPlan thread_plan(OpId op, DType dtype, const PlanProblem& problem, int threads, const Context& ctx);
CNNKIT_API ThreadPlan thread_plan(OpId op, DType dtype, const PlanProblem& problem, int threads);

}  // namespace cnnkit

/* cnnkit_thread_plan through the C ABI: plans of pool2d_fwd worked out by hand from its row split,
 * conv2d_fwd's tile cut feeding every thread, the serial plan's note, the per-thread work array,
 * and every error path. The C++ test (tests/dispatch/thread_plan_test.cpp) checks that these
 * values are the C++ query's. */
#include <string.h>

#include "c_abi_check.h"

#define INVALID CNNKIT_STATUS_INVALID_ARGUMENT

/* x (n, h, w, c), a k x k kernel with c_out outputs, padding p on every side. */
static cnnkit_plan_problem conv_problem(int64_t n, int64_t h, int64_t w, int64_t c, int64_t k, int64_t c_out,
                                        int64_t p) {
  cnnkit_plan_problem q = cnnkit_plan_problem_default();
  q.x.n = n, q.x.h = h, q.x.w = w, q.x.c = c;
  q.w.kh = k, q.w.kw = k, q.w.c_in_per_group = c, q.w.c_out = c_out;
  q.conv.pad.top = q.conv.pad.bottom = q.conv.pad.left = q.conv.pad.right = p;
  return q;
}

static double mean_over_max(const double* work, int n) {
  double total = 0, most = 0;
  int i;
  for (i = 0; i < n; ++i) {
    total += work[i];
    if (work[i] > most) most = work[i];
  }
  return most > 0 ? total / n / most : 1.0;
}

static void defaults_are_the_op_defaults(void) {
  const cnnkit_plan_problem q = cnnkit_plan_problem_default();
  const cnnkit_conv2d_params conv = cnnkit_conv2d_params_default();
  const cnnkit_pool2d_params pool = cnnkit_pool2d_params_default();
  CHECK(q.conv.stride_h == conv.stride_h && q.conv.dilation_w == conv.dilation_w && q.conv.groups == conv.groups);
  CHECK(q.pool.mode == pool.mode && q.pool.kernel_h == pool.kernel_h && q.pool.stride_w == pool.stride_w);
  CHECK(q.x.n == 0 && q.bias == 0 && q.count == 0 && q.batch == 0);
  /* No padding holes: the struct is exactly its fields (pool2d_params has its own layout). */
  CHECK(sizeof(cnnkit_plan_problem) == sizeof(cnnkit_nhwc) + sizeof(cnnkit_hwio) + sizeof(cnnkit_conv2d_params) +
                                           sizeof(cnnkit_pool2d_params) + sizeof(cnnkit_padding) + 5 * sizeof(int64_t));
  CHECK(sizeof(cnnkit_thread_plan_info) == CNNKIT_PLAN_VARIANT_CHARS + 4 * sizeof(int32_t) + 3 * sizeof(int64_t) +
                                               3 * sizeof(double) + CNNKIT_PLAN_UNIT_CHARS + CNNKIT_PLAN_NOTE_CHARS);
}

/* x (n, h, w, c) under the default pool (max 2x2 stride 2). Dispatch runs pool2d_fwd.simd.<tier>
 * threaded on these; its split is n*ho output rows, cut into column parts only when the rows give
 * fewer than 8 per thread (src/ops/pool2d/pool2d_split.hpp), every tile costing the same. */
static cnnkit_plan_problem pool_problem(int64_t n, int64_t h, int64_t w, int64_t c) {
  cnnkit_plan_problem q = cnnkit_plan_problem_default();
  q.x.n = n, q.x.h = h, q.x.w = w, q.x.c = c;
  return q;
}

/* 1x2x2x16384 pools to one output pixel: one output row, not cut (a column part holds at least one
 * column). Enough elements for threads, so the threaded variant runs one tile: at 16 threads one
 * thread works and the balance is 1/16. */
static void one_tile_layer(void) {
  const cnnkit_plan_problem q = pool_problem(1, 2, 2, 16384);
  cnnkit_thread_plan_info plan;
  double work[20];
  int i;
  if (cnnkit_detected_isa() == CNNKIT_ISA_SCALAR) {
    skip_case("the threaded pool variants need sse4_2");
    return;
  }
  for (i = 0; i < 20; ++i) work[i] = -1;
  CHECK_OK(cnnkit_thread_plan(NULL, "pool2d_fwd", CNNKIT_F32, &q, 16, &plan, work, 18));
  CHECK(strncmp(plan.variant, "pool2d_fwd.simd.", 16) == 0);
  CHECK(plan.threading == CNNKIT_THREADING_OPENMP || plan.threading == CNNKIT_THREADING_TBB);
  CHECK(plan.threads == 16);
  CHECK(plan.tiles == 1 && plan.chunks == 1 && plan.team == 1);
  CHECK_NEAR(plan.load_balance, 1.0 / 16, 1e-12);
  CHECK_NEAR(plan.tile_work_min, 1, 0);
  CHECK_NEAR(plan.tile_work_max, 1, 0);
  CHECK(work[0] == 1);
  for (i = 1; i < 16; ++i) CHECK(work[i] == 0);
  CHECK(work[16] == -1 && work[17] == -1); /* min(len, threads) values written, no more */
  CHECK_NEAR(mean_over_max(work, 16), plan.load_balance, 1e-12);
}

/* 1x260x260x64 (f32): 130 output rows >= 8 x 16, so 130 whole-row tiles; 16 threads x 4 = 64
 * chunks, chunks 0 and 1 of 3 rows and 62 of 2. Claimed in order by the least-loaded thread,
 * threads 0 and 1 end with 9 rows and the other 14 with 8: balance (130 / 16) / 9. */
static void row_split(void) {
  const cnnkit_plan_problem q = pool_problem(1, 260, 260, 64);
  cnnkit_thread_plan_info plan;
  double work[16];
  int i;
  if (cnnkit_detected_isa() == CNNKIT_ISA_SCALAR) {
    skip_case("the threaded pool variants need sse4_2");
    return;
  }
  CHECK_OK(cnnkit_thread_plan(NULL, "pool2d_fwd", CNNKIT_F32, &q, 16, &plan, work, 16));
  CHECK(strncmp(plan.variant, "pool2d_fwd.simd.", 16) == 0);
  CHECK(plan.threading == CNNKIT_THREADING_OPENMP || plan.threading == CNNKIT_THREADING_TBB);
  CHECK(plan.tiles == 130 && plan.chunks == 64 && plan.team == 16 && plan.grain == 1);
  CHECK_STR(plan.unit, "output row (image x output row)");
  CHECK_NEAR(plan.tile_work_min, 1, 0);
  CHECK_NEAR(plan.tile_work_max, 1, 0);
  CHECK(work[0] == 9 && work[1] == 9);
  for (i = 2; i < 16; ++i) CHECK(work[i] == 8);
  CHECK_NEAR(plan.load_balance, 130.0 / 16 / 9, 1e-12);
  CHECK_NEAR(mean_over_max(work, 16), plan.load_balance, 1e-12);
  CHECK_STR(plan.note, "");
  CHECK(plan.reserved == 0);
}

/* conv2d_fwd's tiles are cut for the thread count (src/ops/conv2d/conv2d_tile_cut.hpp): 1x7x7x512
 * 3x3 pad 1, one band uncut, gives 16 threads at least one tile each and a balance >= 0.9. */
static void conv_tile_cut(void) {
  const cnnkit_plan_problem q = conv_problem(1, 7, 7, 512, 3, 512, 1);
  cnnkit_thread_plan_info plan;
  double work[16];
  if (cnnkit_detected_isa() == CNNKIT_ISA_SCALAR) {
    skip_case("the blocked variants need sse4_2");
    return;
  }
  CHECK_OK(cnnkit_thread_plan(NULL, "conv2d_fwd", CNNKIT_F32, &q, 16, &plan, work, 16));
  CHECK(plan.threading == CNNKIT_THREADING_OPENMP || plan.threading == CNNKIT_THREADING_TBB);
  CHECK(plan.tiles >= 16 && plan.team == 16);
  CHECK(plan.load_balance >= 0.9 && plan.load_balance <= 1);
  CHECK_NEAR(mean_over_max(work, 16), plan.load_balance, 1e-12);
}

/* A problem too small for threads: dispatch runs a serial variant; the note says why. */
static void serial_plan_note(void) {
  const cnnkit_plan_problem q = conv_problem(1, 4, 4, 1, 1, 1, 0);
  cnnkit_thread_plan_info plan;
  double work[4];
  CHECK_OK(cnnkit_thread_plan(NULL, "conv2d_fwd", CNNKIT_F64, &q, 4, &plan, work, 4));
  CHECK(plan.threading == CNNKIT_THREADING_SERIAL);
  CHECK(plan.team == 1 && plan.tiles == 1 && plan.chunks == 1);
  CHECK_NEAR(plan.load_balance, 0.25, 1e-12);
  CHECK(plan.note[0] != '\0');
  CHECK(work[0] == 1 && work[1] == 0 && work[3] == 0);
  /* No array at all is fine. */
  CHECK_OK(cnnkit_thread_plan(NULL, "conv2d_fwd", CNNKIT_F64, &q, 4, &plan, NULL, 0));
}

static void errors(void) {
  cnnkit_plan_problem q = conv_problem(1, 8, 8, 4, 3, 4, 1);
  cnnkit_thread_plan_info plan;
  double work[2];
  memset(&plan, 0x5a, sizeof plan);
  CHECK_ERROR(cnnkit_thread_plan(NULL, NULL, CNNKIT_F32, &q, 2, &plan, work, 2), INVALID, "'op'", NULL);
  CHECK_ERROR(cnnkit_thread_plan(NULL, "conv3d", CNNKIT_F32, &q, 2, &plan, work, 2), INVALID, "'op'", "conv2d_fwd");
  CHECK_ERROR(cnnkit_thread_plan(NULL, "conv2d_fwd", CNNKIT_F32, NULL, 2, &plan, work, 2), INVALID, "'problem'", NULL);
  CHECK_ERROR(cnnkit_thread_plan(NULL, "conv2d_fwd", CNNKIT_F32, &q, 2, NULL, work, 2), INVALID, "'plan'", NULL);
  CHECK_ERROR(cnnkit_thread_plan(NULL, "conv2d_fwd", CNNKIT_F32, &q, 2, &plan, NULL, 2), INVALID, "'thread_work'",
              NULL);
  CHECK_ERROR(cnnkit_thread_plan(NULL, "conv2d_fwd", CNNKIT_F32, &q, 2, &plan, work, -1), INVALID,
              "'thread_work_len'", NULL);
  CHECK_ERROR(cnnkit_thread_plan(NULL, "conv2d_fwd", CNNKIT_F32, &q, 0, &plan, work, 2), INVALID, "'threads'", NULL);
  CHECK_ERROR(cnnkit_thread_plan(NULL, "conv2d_fwd", CNNKIT_F32, &q, -3, &plan, work, 2), INVALID, "'threads'", NULL);
  CHECK_ERROR(cnnkit_thread_plan(NULL, "conv2d_fwd", 7, &q, 2, &plan, work, 2), INVALID, "'dtype'", NULL);

  q.x.c = 0;
  CHECK_ERROR(cnnkit_thread_plan(NULL, "conv2d_fwd", CNNKIT_F32, &q, 2, &plan, work, 2), INVALID, "problem.x", NULL);
  q.x.c = 4, q.w.c_in_per_group = 5;
  CHECK_ERROR(cnnkit_thread_plan(NULL, "conv2d_fwd", CNNKIT_F32, &q, 2, &plan, work, 2), INVALID, "problem.w", NULL);
  q.w.c_in_per_group = 4, q.bias = 2;
  CHECK_ERROR(cnnkit_thread_plan(NULL, "conv2d_fwd", CNNKIT_F32, &q, 2, &plan, work, 2), INVALID, "problem.bias",
              NULL);
  q.bias = 0, q.pool.ceil_mode = 3;
  CHECK_ERROR(cnnkit_thread_plan(NULL, "pool2d_fwd", CNNKIT_F32, &q, 2, &plan, work, 2), INVALID,
              "problem.pool.ceil_mode", NULL);
  q.pool.ceil_mode = 0;
  CHECK_ERROR(cnnkit_thread_plan(NULL, "relu_fwd", CNNKIT_F32, &q, 2, &plan, work, 2), INVALID, "problem.count",
              NULL);
  CHECK_ERROR(cnnkit_thread_plan(NULL, "dense_fwd", CNNKIT_F32, &q, 2, &plan, work, 2), INVALID, "problem.batch",
              NULL);
  /* Nothing was written by any failing call. */
  CHECK(plan.threads == 0x5a5a5a5a && plan.variant[0] == 0x5a);
}

void run_thread_plan_tests(void) {
  run_case("thread_plan_defaults", defaults_are_the_op_defaults);
  run_case("thread_plan_one_tile_layer", one_tile_layer);
  run_case("thread_plan_row_split", row_split);
  run_case("thread_plan_conv_tile_cut", conv_tile_cut);
  run_case("thread_plan_serial_note", serial_plan_note);
  run_case("thread_plan_errors", errors);
}

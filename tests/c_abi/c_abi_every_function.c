/* The whole C ABI, table-driven: every function the header declares is in a table with the case
 * that calls it (the untyped ones here, the typed ones in c_abi_every_function.inc), and the
 * test reads the installed header (CNNKIT_HEADER) to fail when a declared function is missing
 * from the table. Also: the public structs have no padding holes (each size is the sum of its
 * fields), the ABI version, and failing queries that return NULL and set the last error. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "c_abi_check.h"
#include "c_abi_every_function.h"

/* ---- no padding holes: sizeof(struct) == the sum of sizeof(each field) ---------------------- */
#define F(type, field) sizeof(((type*)0)->field)
_Static_assert(sizeof(cnnkit_nhwc) == F(cnnkit_nhwc, n) + F(cnnkit_nhwc, h) + F(cnnkit_nhwc, w) + F(cnnkit_nhwc, c),
               "cnnkit_nhwc has a hole");
_Static_assert(sizeof(cnnkit_hwio) ==
                   F(cnnkit_hwio, kh) + F(cnnkit_hwio, kw) + F(cnnkit_hwio, c_in_per_group) + F(cnnkit_hwio, c_out),
               "cnnkit_hwio has a hole");
_Static_assert(sizeof(cnnkit_padding) == F(cnnkit_padding, top) + F(cnnkit_padding, bottom) +
                                             F(cnnkit_padding, left) + F(cnnkit_padding, right),
               "cnnkit_padding has a hole");
_Static_assert(sizeof(cnnkit_matrix) == F(cnnkit_matrix, rows) + F(cnnkit_matrix, cols), "cnnkit_matrix has a hole");
_Static_assert(sizeof(cnnkit_conv2d_params) ==
                   F(cnnkit_conv2d_params, stride_h) + F(cnnkit_conv2d_params, stride_w) + F(cnnkit_conv2d_params, pad) +
                       F(cnnkit_conv2d_params, dilation_h) + F(cnnkit_conv2d_params, dilation_w) +
                       F(cnnkit_conv2d_params, groups),
               "cnnkit_conv2d_params has a hole");
_Static_assert(sizeof(cnnkit_pool2d_params) ==
                   F(cnnkit_pool2d_params, kernel_h) + F(cnnkit_pool2d_params, kernel_w) +
                       F(cnnkit_pool2d_params, stride_h) + F(cnnkit_pool2d_params, stride_w) +
                       F(cnnkit_pool2d_params, pad) + F(cnnkit_pool2d_params, mode) +
                       F(cnnkit_pool2d_params, ceil_mode) + F(cnnkit_pool2d_params, count_include_pad) +
                       F(cnnkit_pool2d_params, ties),
               "cnnkit_pool2d_params has a hole");
_Static_assert(sizeof(cnnkit_adam_params) ==
                   F(cnnkit_adam_params, lr) + F(cnnkit_adam_params, beta1) + F(cnnkit_adam_params, beta2) +
                       F(cnnkit_adam_params, eps) + F(cnnkit_adam_params, weight_decay) + F(cnnkit_adam_params, step) +
                       F(cnnkit_adam_params, style) + F(cnnkit_adam_params, decoupled_weight_decay),
               "cnnkit_adam_params has a hole");
_Static_assert(sizeof(cnnkit_variant_info) == F(cnnkit_variant_info, name) + F(cnnkit_variant_info, isa) +
                                                  F(cnnkit_variant_info, threading) +
                                                  F(cnnkit_variant_info, runnable) + F(cnnkit_variant_info, reserved),
               "cnnkit_variant_info has a hole");
_Static_assert(sizeof(cnnkit_plan_problem) ==
                   F(cnnkit_plan_problem, x) + F(cnnkit_plan_problem, w) + F(cnnkit_plan_problem, conv) +
                       F(cnnkit_plan_problem, pool) + F(cnnkit_plan_problem, pad) + F(cnnkit_plan_problem, bias) +
                       F(cnnkit_plan_problem, batch) + F(cnnkit_plan_problem, in_features) +
                       F(cnnkit_plan_problem, out_features) + F(cnnkit_plan_problem, count),
               "cnnkit_plan_problem has a hole");
_Static_assert(sizeof(cnnkit_thread_plan_info) ==
                   F(cnnkit_thread_plan_info, variant) + F(cnnkit_thread_plan_info, threading) +
                       F(cnnkit_thread_plan_info, threads) + F(cnnkit_thread_plan_info, team) +
                       F(cnnkit_thread_plan_info, reserved) + F(cnnkit_thread_plan_info, tiles) +
                       F(cnnkit_thread_plan_info, grain) + F(cnnkit_thread_plan_info, chunks) +
                       F(cnnkit_thread_plan_info, tile_work_min) + F(cnnkit_thread_plan_info, tile_work_max) +
                       F(cnnkit_thread_plan_info, load_balance) + F(cnnkit_thread_plan_info, unit) +
                       F(cnnkit_thread_plan_info, note),
               "cnnkit_thread_plan_info has a hole");
/* One threading enum: the policy and a variant's threading share these values. */
_Static_assert(CNNKIT_THREADING_AUTO == 0 && CNNKIT_THREADING_SERIAL == 1 && CNNKIT_THREADING_OPENMP == 2 &&
                   CNNKIT_THREADING_TBB == 3,
               "the threading values are part of the ABI");
_Static_assert(CNNKIT_ABI_VERSION_MAJOR == 0 && CNNKIT_ABI_VERSION_MINOR == 2, "this test is written for ABI 0.2");

#define INVALID CNNKIT_STATUS_INVALID_ARGUMENT

/* ---- the untyped functions ---------------------------------------------------------------------- */

static void every_errors_and_versions(void) {
  char expected[32];
  CHECK_ERROR(cnnkit_relu_forward_f32(NULL, NULL, 1, NULL, 1), INVALID, "'x'", NULL);
  CHECK_CONTAINS(cnnkit_last_error(), "relu_forward");
  CHECK_STR(cnnkit_status_string(CNNKIT_STATUS_UNSUPPORTED), "unsupported");
  CHECK_STR(cnnkit_status_string((cnnkit_status)7), "unknown status");
  CHECK_CONTAINS(cnnkit_last_error(), "cnnkit_status_string: argument 'status'");
  CHECK(cnnkit_abi_version() == CNNKIT_ABI_VERSION);
  CHECK(cnnkit_abi_version() >> 16 == 0 && (cnnkit_abi_version() & 0xffff) == 2);
  /* The library's major.minor is the ABI version. */
  snprintf(expected, sizeof expected, "%d.%d.", CNNKIT_ABI_VERSION_MAJOR, CNNKIT_ABI_VERSION_MINOR);
  CHECK(strncmp(cnnkit_version(), expected, strlen(expected)) == 0);
}

static void every_params_defaults(void) {
  const cnnkit_conv2d_params c = cnnkit_conv2d_params_default();
  const cnnkit_pool2d_params p = cnnkit_pool2d_params_default();
  const cnnkit_adam_params a = cnnkit_adam_params_default();
  CHECK(c.stride_h == 1 && c.groups == 1 && c.dilation_w == 1 && c.pad.right == 0);
  CHECK(p.mode == CNNKIT_POOL_MAX && p.kernel_h == 2 && p.stride_w == 2 && p.ties == CNNKIT_TIES_FIRST);
  CHECK(a.lr == 1e-3 && a.step == 1 && a.style == CNNKIT_ADAM_PYTORCH && a.decoupled_weight_decay == 0);
}

static void every_geometry(void) {
  const cnnkit_nhwc x = {2, 5, 4, 3};
  const cnnkit_padding pad = {1, 0, 2, 1}, negative = {0, -1, 0, 0};
  cnnkit_nhwc y = {0, 0, 0, 0};
  cnnkit_matrix m = {0, 0};
  cnnkit_padding same = {-1, -1, -1, -1};
  CHECK_OK(cnnkit_conv2d_output_shape(x, (cnnkit_hwio){3, 3, 3, 8}, NULL, &y));
  CHECK(y.n == 2 && y.h == 3 && y.w == 2 && y.c == 8);
  CHECK_OK(cnnkit_pool2d_output_shape(x, &(cnnkit_pool2d_params){2, 2, 2, 2, {0, 0, 0, 0}, 0, 0, 0, 0}, &y));
  CHECK(y.h == 2 && y.w == 2 && y.c == 3);
  CHECK_OK(cnnkit_pad_output_shape(x, pad, &y));
  CHECK(y.n == 2 && y.h == 6 && y.w == 7 && y.c == 3);
  CHECK_ERROR(cnnkit_pad_output_shape(x, negative, &y), INVALID, "'pad.bottom'", ">= 0");
  CHECK(y.h == 6);
  CHECK_ERROR(cnnkit_pad_output_shape(x, pad, NULL), INVALID, "'y'", "non-null");
  CHECK_OK(cnnkit_same_padding(5, 5, 3, 3, 1, 1, 1, 1, &same));
  CHECK(same.top == 1 && same.bottom == 1 && same.left == 1 && same.right == 1);
  CHECK_OK(cnnkit_flatten_shape(x, &m));
  CHECK(m.rows == 2 && m.cols == 60);
  CHECK_ERROR(cnnkit_flatten_shape((cnnkit_nhwc){2, 0, 4, 3}, &m), INVALID, "'x'", NULL);
  CHECK(m.rows == 2 && m.cols == 60);
  CHECK_ERROR(cnnkit_flatten_shape(x, NULL), INVALID, "'y'", "non-null");
}

static void every_context(void) {
  cnnkit_context* ctx = NULL;
  CHECK_OK(cnnkit_context_create(&ctx));
  CHECK_OK(cnnkit_set_max_isa(ctx, CNNKIT_ISA_SCALAR));
  CHECK_OK(cnnkit_set_threading(ctx, CNNKIT_THREADING_SERIAL));
  CHECK_ERROR(cnnkit_set_threading(ctx, 4), INVALID, "'policy'", NULL);
  CHECK_OK(cnnkit_set_num_threads(ctx, 1));
  CHECK_OK(cnnkit_set_verbose(ctx, 0));
  CHECK_OK(cnnkit_force_variant(ctx, "relu_fwd", "relu_fwd.ref"));
  CHECK_OK(cnnkit_force_variant(ctx, "relu_fwd", NULL));
  CHECK_OK(cnnkit_set_tuning(ctx, CNNKIT_TUNING_OFF));
  cnnkit_context_destroy(ctx);
  cnnkit_context_destroy(NULL);
}

static void every_tuning(void) {
  const char* path = "c_abi_every_function.tuning";
  int64_t saved = -1, loaded = -1;
  CHECK_OK(cnnkit_clear_tuning());
  CHECK_OK(cnnkit_save_tuning(path, &saved));
  CHECK(saved == 0);
  CHECK_OK(cnnkit_load_tuning(path, &loaded));
  CHECK(loaded == 0);
  CHECK_ERROR(cnnkit_load_tuning(NULL, NULL), INVALID, "'path'", NULL);
  remove(path);
}

static void* last_relu_variant(void* out) {
  *(const char**)out = cnnkit_last_variant("relu_fwd");
  return NULL;
}

static void every_dispatch_queries(void) {
  const char* on_new_thread = NULL;
  pthread_t thread;
  cnnkit_variant_info infos[32];
  int32_t count = -1, i;
  const float x[2] = {1, -1};
  float y[2];
  CHECK(cnnkit_detected_isa() >= CNNKIT_ISA_SCALAR && cnnkit_detected_isa() <= CNNKIT_ISA_AVX512);
  CHECK_STR(cnnkit_isa_name(CNNKIT_ISA_AVX2_FMA), "avx2_fma");
  CHECK(cnnkit_op_count() > 0);
  CHECK_STR(cnnkit_op_name(0), "pad");
  CHECK_OK(cnnkit_list_variants(NULL, "relu_fwd", CNNKIT_F32, infos, 32, &count));
  CHECK(count >= 1 && count <= 32);
  for (i = 0; i < count && i < 32; ++i) {
    CHECK(infos[i].threading >= CNNKIT_THREADING_SERIAL && infos[i].threading <= CNNKIT_THREADING_TBB);
    CHECK(infos[i].reserved == 0);
  }
  /* Every failing query: NULL (or an error status) and a last error naming what was wrong. */
  CHECK(cnnkit_isa_name(7) == NULL);
  CHECK_CONTAINS(cnnkit_last_error(), "cnnkit_isa_name: argument 'isa'");
  CHECK(cnnkit_op_name(-1) == NULL);
  CHECK_CONTAINS(cnnkit_last_error(), "cnnkit_op_name: argument 'index'");
  CHECK(cnnkit_op_name(cnnkit_op_count()) == NULL);
  CHECK_CONTAINS(cnnkit_last_error(), "'index'");
  CHECK(cnnkit_last_variant("no_such_op") == NULL);
  CHECK_CONTAINS(cnnkit_last_error(), "cnnkit_last_variant: argument 'op'");
  CHECK_CONTAINS(cnnkit_last_error(), "'no_such_op'");
  CHECK(cnnkit_last_variant(NULL) == NULL);
  CHECK_CONTAINS(cnnkit_last_error(), "non-null");
  CHECK_ERROR(cnnkit_list_variants(NULL, "no_such_op", CNNKIT_F32, NULL, 0, &count), INVALID, "'op'", NULL);
  /* "" is an answer, not a failure: a new thread has run no op yet. */
  CHECK(pthread_create(&thread, NULL, last_relu_variant, (void*)&on_new_thread) == 0);
  CHECK(pthread_join(thread, NULL) == 0);
  CHECK_STR(on_new_thread, "");
  CHECK_OK(cnnkit_relu_forward_f32(NULL, x, 2, y, 2));
  CHECK(strncmp(cnnkit_last_variant("relu_fwd"), "relu_fwd.", 9) == 0);
}

static void every_thread_plan(void) {
  cnnkit_plan_problem problem = cnnkit_plan_problem_default();
  cnnkit_thread_plan_info plan;
  double work[2] = {-1, -1};
  problem.count = 1 << 20;
  CHECK(problem.conv.groups == 1 && problem.pool.kernel_h == 2 && problem.count == 1 << 20);
  CHECK_OK(cnnkit_thread_plan(NULL, "relu_fwd", CNNKIT_F32, &problem, 2, &plan, work, 2));
  CHECK(plan.threads == 2 && plan.reserved == 0 && plan.threading >= CNNKIT_THREADING_SERIAL &&
        plan.threading <= CNNKIT_THREADING_TBB);
  CHECK(work[0] >= 0);
  CHECK_ERROR(cnnkit_thread_plan(NULL, "relu_fwd", CNNKIT_F32, &problem, 0, &plan, NULL, 0), INVALID, "'threads'",
              NULL);
}

static void every_destroy_null(void) {
  /* NULL is a no-op for every destroy function (the live handles are destroyed by the typed cases). */
  cnnkit_conv2d_packed_weights_destroy(NULL);
  cnnkit_conv2d_bwd_data_packed_weights_destroy(NULL);
  cnnkit_context_destroy(NULL);
  CHECK(1);
}

static const c_abi_entry untyped_entries[] = {
    {"cnnkit_last_error", every_errors_and_versions},
    {"cnnkit_status_string", every_errors_and_versions},
    {"cnnkit_version", every_errors_and_versions},
    {"cnnkit_abi_version", every_errors_and_versions},
    {"cnnkit_conv2d_params_default", every_params_defaults},
    {"cnnkit_pool2d_params_default", every_params_defaults},
    {"cnnkit_adam_params_default", every_params_defaults},
    {"cnnkit_conv2d_output_shape", every_geometry},
    {"cnnkit_pool2d_output_shape", every_geometry},
    {"cnnkit_pad_output_shape", every_geometry},
    {"cnnkit_same_padding", every_geometry},
    {"cnnkit_flatten_shape", every_geometry},
    {"cnnkit_context_create", every_context},
    {"cnnkit_context_destroy", every_context},
    {"cnnkit_set_max_isa", every_context},
    {"cnnkit_set_threading", every_context},
    {"cnnkit_set_num_threads", every_context},
    {"cnnkit_set_verbose", every_context},
    {"cnnkit_force_variant", every_context},
    {"cnnkit_set_tuning", every_context},
    {"cnnkit_save_tuning", every_tuning},
    {"cnnkit_load_tuning", every_tuning},
    {"cnnkit_clear_tuning", every_tuning},
    {"cnnkit_detected_isa", every_dispatch_queries},
    {"cnnkit_isa_name", every_dispatch_queries},
    {"cnnkit_op_count", every_dispatch_queries},
    {"cnnkit_op_name", every_dispatch_queries},
    {"cnnkit_list_variants", every_dispatch_queries},
    {"cnnkit_last_variant", every_dispatch_queries},
    {"cnnkit_plan_problem_default", every_thread_plan},
    {"cnnkit_thread_plan", every_thread_plan},
    {"cnnkit_conv2d_packed_weights_destroy", every_destroy_null},
    {"cnnkit_conv2d_bwd_data_packed_weights_destroy", every_destroy_null},
};

/* ---- the table against the header --------------------------------------------------------------- */

#define MAX_ENTRIES 160

static int n_entries;
static c_abi_entry entries[MAX_ENTRIES];

static void add_entries(const c_abi_entry* table, int count) {
  int i;
  for (i = 0; i < count && n_entries < MAX_ENTRIES; ++i) entries[n_entries++] = table[i];
}

static int in_table(const char* name, size_t length) {
  int i;
  for (i = 0; i < n_entries; ++i)
    if (strlen(entries[i].name) == length && strncmp(entries[i].name, name, length) == 0) return 1;
  return 0;
}

/* Every "CNNKIT_C_API <type> <name>(" of the header names a function that must be in the table;
 * returns how many declarations it found. */
static int check_header_against_table(void) {
  FILE* f = fopen(CNNKIT_HEADER, "rb");
  char* text;
  const char* p;
  long size;
  int declared = 0;
  CHECK(f != NULL);
  if (!f) return 0;
  fseek(f, 0, SEEK_END);
  size = ftell(f);
  fseek(f, 0, SEEK_SET);
  text = malloc((size_t)size + 1);
  CHECK(text != NULL && fread(text, 1, (size_t)size, f) == (size_t)size);
  fclose(f);
  if (!text) return 0;
  text[size] = '\0';
  for (p = strstr(text, "CNNKIT_C_API "); p; p = strstr(p + 1, "CNNKIT_C_API ")) {
    const char* paren = strchr(p, '(');
    const char* name = paren;
    if (!paren || p[-1] != '\n') continue; /* the macro's own definition and mentions in comments */
    while (name > p && (name[-1] == '_' || (name[-1] >= 'a' && name[-1] <= 'z') || (name[-1] >= '0' && name[-1] <= '9')))
      --name;
    ++declared;
    if (!in_table(name, (size_t)(paren - name))) {
      char label[128];
      snprintf(label, sizeof label, "%.*s is in the table", (int)(paren - name), name);
      check_true(0, label, __FILE__, __LINE__);
    }
  }
  free(text);
  return declared;
}

static void every_function_is_called(void) {
  int count = 0, declared;
  const c_abi_entry* typed;
  n_entries = 0;
  add_entries(untyped_entries, (int)(sizeof untyped_entries / sizeof untyped_entries[0]));
  typed = every_function_entries_f32(&count);
  add_entries(typed, count);
  typed = every_function_entries_f64(&count);
  add_entries(typed, count);
  declared = check_header_against_table();
  /* As many declarations as entries: no stale entry for a function the header dropped. */
  CHECK(declared == n_entries);
  printf("  the header declares %d functions, the table calls %d\n", declared, n_entries);
}

void run_every_function_tests(void) {
  int i, j;
  run_case("every_function_is_in_the_table", every_function_is_called);
  /* Each distinct case once (several functions share one). */
  for (i = 0; i < n_entries; ++i) {
    int seen = 0;
    for (j = 0; j < i; ++j) seen = seen || entries[j].call == entries[i].call;
    if (!seen) run_case(entries[i].name, entries[i].call);
  }
}
